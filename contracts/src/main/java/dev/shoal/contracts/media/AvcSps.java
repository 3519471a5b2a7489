package dev.shoal.contracts.media;

import java.util.Locale;
import java.util.Set;

/**
 * The parts of an H.264 sequence parameter set (ITU-T H.264 7.3.2.1.1) a master playlist needs: the RFC 6381
 * codec {@code avc1.PPCCLL} and the cropped picture size.
 */
record AvcSps(int profile, int constraints, int level, int width, int height) {

    private static final Set<Integer> HIGH_PROFILES = Set.of(100, 110, 122, 244, 44, 83, 86, 118, 128, 138, 139, 134, 135);

    String codec() {
        return String.format(Locale.ROOT, "avc1.%02x%02x%02x", profile, constraints, level);
    }

    /** @param rbsp the SPS NAL unit's payload after its one-byte header, emulation prevention removed */
    static AvcSps parse(byte[] rbsp) {
        BitReader r = new BitReader(rbsp);
        int profile = r.u(8);
        int constraints = r.u(8);
        int level = r.u(8);
        r.ue(); // seq_parameter_set_id
        int chroma = 1;
        boolean separateColourPlanes = false;
        if (HIGH_PROFILES.contains(profile)) {
            chroma = r.ue();
            if (chroma > 3) {
                throw new IllegalArgumentException("chroma_format_idc " + chroma);
            }
            if (chroma == 3) {
                separateColourPlanes = r.flag();
            }
            r.ue(); // bit_depth_luma_minus8
            r.ue(); // bit_depth_chroma_minus8
            r.flag(); // qpprime_y_zero_transform_bypass_flag
            if (r.flag()) { // seq_scaling_matrix_present_flag
                for (int i = 0; i < (chroma != 3 ? 8 : 12); i++) {
                    if (r.flag()) {
                        skipScalingList(r, i < 6 ? 16 : 64);
                    }
                }
            }
        }
        r.ue(); // log2_max_frame_num_minus4
        int pocType = r.ue();
        if (pocType == 0) {
            r.ue(); // log2_max_pic_order_cnt_lsb_minus4
        } else if (pocType == 1) {
            r.flag(); // delta_pic_order_always_zero_flag
            r.se(); // offset_for_non_ref_pic
            r.se(); // offset_for_top_to_bottom_field
            int cycle = r.ue();
            if (cycle > 255) {
                throw new IllegalArgumentException("num_ref_frames_in_pic_order_cnt_cycle " + cycle);
            }
            for (int i = 0; i < cycle; i++) {
                r.se();
            }
        } else if (pocType != 2) {
            throw new IllegalArgumentException("pic_order_cnt_type " + pocType);
        }
        r.ue(); // max_num_ref_frames
        r.flag(); // gaps_in_frame_num_value_allowed_flag
        long widthMbs = r.ue() + 1L;
        long heightMapUnits = r.ue() + 1L;
        boolean frameMbsOnly = r.flag();
        if (!frameMbsOnly) {
            r.flag(); // mb_adaptive_frame_field_flag
        }
        r.flag(); // direct_8x8_inference_flag
        long cropLeft = 0;
        long cropRight = 0;
        long cropTop = 0;
        long cropBottom = 0;
        if (r.flag()) { // frame_cropping_flag
            cropLeft = r.ue();
            cropRight = r.ue();
            cropTop = r.ue();
            cropBottom = r.ue();
        }
        int arrayType = separateColourPlanes ? 0 : chroma;
        int subWidth = arrayType == 1 || arrayType == 2 ? 2 : 1;
        int subHeight = arrayType == 1 ? 2 : 1;
        int cropUnitX = arrayType == 0 ? 1 : subWidth;
        int cropUnitY = (arrayType == 0 ? 1 : subHeight) * (frameMbsOnly ? 1 : 2);
        long width = widthMbs * 16 - cropUnitX * (cropLeft + cropRight);
        long height = (frameMbsOnly ? 1 : 2) * heightMapUnits * 16 - cropUnitY * (cropTop + cropBottom);
        if (width <= 0 || height <= 0 || width > 65_535 || height > 65_535) {
            throw new IllegalArgumentException("picture size " + width + "x" + height);
        }
        return new AvcSps(profile, constraints, level, (int) width, (int) height);
    }

    private static void skipScalingList(BitReader r, int size) {
        int last = 8;
        int next = 8;
        for (int j = 0; j < size && next != 0; j++) {
            next = (last + r.se() + 256) % 256;
            last = next == 0 ? last : next;
        }
    }
}

#!/bin/sh
# Makes the committed HLS fixtures: 3 s of test pattern, 1 s segments, two renditions.
set -e
gen() { # $1 = dir, $2.. = extra hls flags
  d=$1; shift; mkdir -p "$d"
  ffmpeg -hide_banner -loglevel error -y -f lavfi -i testsrc=size=160x90:rate=10:duration=3 \
    -filter_complex "[0:v]split=2[a][b];[b]scale=96:54[b2]" \
    -map "[a]" -map "[b2]" -c:v libx264 -preset ultrafast -g 10 -keyint_min 10 -sc_threshold 0 \
    -b:v:0 120k -b:v:1 60k -pix_fmt yuv420p \
    -f hls -hls_time 1 -hls_playlist_type vod -master_pl_name master.m3u8 \
    -var_stream_map "v:0,name:hi v:1,name:lo" "$@" "$d/%v/index.m3u8"
}
gen ts -hls_segment_filename 'ts/%v/seg_%03d.ts'
gen fmp4 -hls_segment_type fmp4 -hls_fmp4_init_filename init.mp4 -hls_segment_filename 'fmp4/%v/seg_%03d.m4s'
mkdir -p byterange
ffmpeg -hide_banner -loglevel error -y -f lavfi -i testsrc=size=160x90:rate=10:duration=3 \
  -c:v libx264 -preset ultrafast -g 10 -keyint_min 10 -sc_threshold 0 -b:v 80k -pix_fmt yuv420p \
  -f hls -hls_time 1 -hls_playlist_type vod -hls_flags single_file byterange/index.m3u8
# ffmpeg writes no discontinuity for a single input: mark one by hand before the third segment
awk '/^#EXTINF/{n++; if(n==3) print "#EXT-X-DISCONTINUITY"} {print}' byterange/index.m3u8 > byterange/t && mv byterange/t byterange/index.m3u8

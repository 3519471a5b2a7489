package dev.shoal.deploy.creator;

import dev.shoal.cli.http.ServiceClient;
import dev.shoal.contracts.directory.CatalogEntry;
import dev.shoal.contracts.hash.Sha256;
import dev.shoal.contracts.manifest.Manifest;
import dev.shoal.contracts.manifest.Rendition;
import dev.shoal.contracts.manifest.SignedManifest;
import dev.shoal.contracts.playlist.SegmentName;
import dev.shoal.contracts.segment.SegmentRecord;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;

import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;

/**
 * {@code shoal mirror push CONTENT URL}: copies every segment of a content (init segments included, each once) into an
 * S3-compatible bucket, under {@code PREFIX/segments/{sha256}.{ext}}, the layout a mirror's URL template names. The
 * bytes come through the player gateway (from the agents and origins that hold them) and are checked against the
 * signed manifest before upload; objects already in the bucket with the right size are kept, so a push cut off is
 * resumed by running it again.
 */
@Command(name = "push", mixinStandardHelpOptions = true,
        description = {"Copy a content's segments into an S3-compatible bucket (checked by hash on the way), with a progress bar."
                + " Run it again to resume: segments already there are kept.",
                "URL is http(s)://HOST[:PORT]/BUCKET[/PREFIX] for an S3-compatible server (path style), or s3://BUCKET[/PREFIX] on AWS.",
                "Credentials: --access-key/--secret-key, else AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY or the AWS profile.",
                "With --register, the mirror is registered with the marketplace once every segment is there.",
                "Example: shoal mirror push 3f2a... http://127.0.0.1:9000/videos/shoal --register"})
public final class MirrorPushCommand implements Callable<Integer> {

    static final String CACHE = "public, max-age=31536000, immutable";

    @Parameters(index = "0", paramLabel = "CONTENT", description = "the content id (64 hex digits)")
    String content;

    @Parameters(index = "1", paramLabel = "URL", description = "the bucket (and prefix) to push to")
    String url;

    @Option(names = "--marketplace", paramLabel = "URL", description = "the marketplace whose catalog holds the signed manifest (default: the local stack's)")
    String marketplace;

    @Option(names = "--gateway", paramLabel = "URL", description = "the player gateway the bytes come through (default: the local stack's)")
    String gateway;

    @Option(names = "--region", defaultValue = "us-east-1", paramLabel = "REGION", description = "the bucket's region (default us-east-1)")
    String region;

    @Option(names = "--access-key", paramLabel = "KEY", description = "the S3 access key (default: the AWS environment or profile)")
    String accessKey;

    @Option(names = "--secret-key", paramLabel = "SECRET", description = "the S3 secret key", interactive = false)
    String secretKey;

    @Option(names = "--register", description = "once pushed, register the mirror with the marketplace (as shoal mirror add),"
            + " signed with --key")
    boolean register;

    @Option(names = "--key", paramLabel = "FILE", description = "with --register: the key that signed the content (64 hex digits;"
            + " a fork's advertiser's key for a fork); default: the public demo creator key")
    java.nio.file.Path keyFile;

    @Option(names = "--no-progress", description = "no progress bar (for logs)")
    boolean noProgress;

    @Spec
    CommandSpec spec;

    /** Where a push goes: the S3 endpoint (null on AWS), the bucket, and the key prefix ("" or "a/b/"). */
    record Target(URI endpoint, String bucket, String prefix, String publicBase) {

        static Target parse(String url) {
            URI u;
            try {
                u = URI.create(url);
            } catch (IllegalArgumentException e) {
                throw new CreatorException("not a URL: " + url);
            }
            String scheme = u.getScheme() == null ? "" : u.getScheme();
            String path = u.getPath() == null ? "" : u.getPath().replaceAll("^/+|/+$", "");
            if (scheme.equals("s3")) {
                if (u.getHost() == null || u.getHost().isBlank()) {
                    throw new CreatorException("s3://BUCKET[/PREFIX] names a bucket: " + url);
                }
                String prefix = path.isEmpty() ? "" : path + "/";
                return new Target(null, u.getHost(), prefix, "https://" + u.getHost() + ".s3.amazonaws.com/" + prefix);
            }
            if (!scheme.equals("http") && !scheme.equals("https") || u.getHost() == null) {
                throw new CreatorException("a mirror is an http(s)://HOST[:PORT]/BUCKET[/PREFIX] or s3://BUCKET[/PREFIX] URL, not " + url);
            }
            if (path.isEmpty()) {
                throw new CreatorException("the URL names no bucket: " + url + " (http(s)://HOST[:PORT]/BUCKET[/PREFIX])");
            }
            int slash = path.indexOf('/');
            String bucket = slash < 0 ? path : path.substring(0, slash);
            String prefix = slash < 0 ? "" : path.substring(slash + 1) + "/";
            URI endpoint = URI.create(scheme + "://" + u.getRawAuthority());
            return new Target(endpoint, bucket, prefix, endpoint + "/" + bucket + "/" + prefix);
        }

        String key(SegmentName name) {
            return prefix + "segments/" + name;
        }
    }

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        try {
            Target target = Target.parse(url);
            Optional<LocalStack> local = LocalStack.find();
            String market = marketplace != null ? marketplace : local.flatMap(LocalStack::marketplace)
                    .orElseThrow(() -> new CreatorException("no --marketplace and no local stack running (./shoal up)"));
            String via = (gateway != null ? gateway : local.flatMap(LocalStack::gateway)
                    .orElseThrow(() -> new CreatorException("no --gateway and no local stack running (./shoal up)"))).replaceAll("/+$", "");
            Manifest manifest = manifest(market);
            Map<Sha256, SegmentName> objects = objects(manifest);
            long total = objects.keySet().stream().mapToLong(sha -> size(manifest, sha)).sum();
            out.printf("pushing %s (%s): %d segments, %s, to bucket %s at %s%n", manifest.title(), content, objects.size(),
                    HumanUnits.size(total), target.bucket(), target.endpoint() == null ? "AWS " + region : target.endpoint());
            out.flush();
            try (S3Client s3 = client(target)) {
                requireBucket(s3, target);
                int[] counts = push(s3, target, manifest, objects, via, total);
                out.printf("pushed %d segments, %d already there%n", counts[0], counts[1]);
            }
            String template = target.publicBase() + "segments/{sha256}.{ext}";
            out.printf("mirror URL template: %s%n", template);
            if (register) {
                MirrorRegistrationCommands.send(market, dev.shoal.contracts.mirror.MirrorRegistration.ADD, content,
                        dev.shoal.contracts.mirror.MirrorTemplate.parse(template), CreatorKeys.load(out, keyFile));
                out.println("mirror registered: the locator lists it among the content's sources");
            }
            return 0;
        } catch (CreatorException | ServiceClient.Refused | ServiceClient.Unreachable e) {
            err.println("shoal mirror push: " + e.getMessage());
            return 1;
        } catch (dev.shoal.contracts.error.ContentException e) {
            err.println("shoal mirror push: " + e.getMessage());
            return 1;
        } catch (SdkException e) {
            err.println("shoal mirror push: the bucket refused: " + e.getMessage());
            return 1;
        } catch (RuntimeException e) {
            err.println("shoal mirror push: " + e);
            return 2;
        }
    }

    private Manifest manifest(String market) {
        CatalogEntry entry = new ServiceClient(market).get("/api/catalog/" + content, CatalogEntry.class);
        return SignedManifest.fromJson(entry.manifest()).verify().manifest();
    }

    /** Every object the mirror holds, each once: init segments and media segments of every rendition. */
    static Map<Sha256, SegmentName> objects(Manifest manifest) {
        Map<Sha256, SegmentName> objects = new LinkedHashMap<>();
        for (Rendition r : manifest.renditions()) {
            if (r.init() != null) {
                objects.putIfAbsent(r.init().sha256(), SegmentName.init(r.init().sha256()));
            }
            for (SegmentRecord s : r.segments()) {
                objects.putIfAbsent(s.sha256(), SegmentName.media(s.sha256(), r.container()));
            }
        }
        return objects;
    }

    private static long size(Manifest manifest, Sha256 sha) {
        for (Rendition r : manifest.renditions()) {
            if (r.init() != null && r.init().sha256().equals(sha)) {
                return r.init().size();
            }
            for (SegmentRecord s : r.segments()) {
                if (s.sha256().equals(sha)) {
                    return s.size();
                }
            }
        }
        throw new IllegalStateException("no segment " + sha);
    }

    private S3Client client(Target target) {
        // checksums only where S3 requires them: the SDK's default trailing checksums are not spoken by every S3-compatible server
        S3ClientBuilder b = S3Client.builder().region(Region.of(region)).httpClientBuilder(UrlConnectionHttpClient.builder())
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED);
        if (accessKey != null || secretKey != null) {
            if (accessKey == null || secretKey == null) {
                throw new CreatorException("--access-key and --secret-key go together");
            }
            b.credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(accessKey, secretKey)));
        } else {
            b.credentialsProvider(DefaultCredentialsProvider.builder().build());
        }
        if (target.endpoint() != null) {
            b.endpointOverride(target.endpoint()).forcePathStyle(true);
        }
        return b.build();
    }

    private static void requireBucket(S3Client s3, Target target) {
        try {
            s3.headBucket(h -> h.bucket(target.bucket()));
        } catch (NoSuchBucketException e) {
            throw new CreatorException("there is no bucket " + target.bucket() + " at " + target.endpoint() + ": create it first");
        } catch (S3Exception e) {
            throw new CreatorException(e.statusCode() == 403 ? "the bucket " + target.bucket() + " refuses these credentials (403)"
                    : e.statusCode() == 404 ? "there is no bucket " + target.bucket() + ": create it first"
                    : "the bucket " + target.bucket() + " answered " + e.statusCode() + ": " + e.getMessage());
        }
    }

    /** Pushes what is missing; {pushed, already there}. */
    private int[] push(S3Client s3, Target target, Manifest manifest, Map<Sha256, SegmentName> objects, String via, long total) {
        HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NORMAL).connectTimeout(Duration.ofSeconds(10)).build();
        int pushed = 0;
        int kept = 0;
        try (ProgressBar bar = noProgress ? null : new ProgressBarBuilder().setTaskName("Pushing").setInitialMax(total)
                .setUnit(" MiB", 1L << 20).showSpeed().setStyle(ProgressBarStyle.ASCII).continuousUpdate().build()) {
            for (Map.Entry<Sha256, SegmentName> o : objects.entrySet()) {
                long size = size(manifest, o.getKey());
                String key = target.key(o.getValue());
                if (present(s3, target.bucket(), key, size)) {
                    kept++;
                } else {
                    byte[] bytes = fetch(http, via, o.getValue());
                    if (!Sha256.of(bytes).equals(o.getKey())) {
                        throw new CreatorException("the gateway served other bytes for segment " + o.getValue()
                                + " than the signed manifest names: nothing was uploaded for it; run again to retry");
                    }
                    s3.putObject(p -> p.bucket(target.bucket()).key(key).contentType(o.getValue().mediaType().orElse("application/octet-stream"))
                            .cacheControl(CACHE).contentLength((long) bytes.length), RequestBody.fromBytes(bytes));
                    pushed++;
                }
                if (bar != null) {
                    bar.stepBy(size);
                }
            }
        }
        return new int[] {pushed, kept};
    }

    private static boolean present(S3Client s3, String bucket, String key, long size) {
        try {
            HeadObjectResponse head = s3.headObject(h -> h.bucket(bucket).key(key));
            return head.contentLength() != null && head.contentLength() == size;
        } catch (NoSuchKeyException e) {
            return false;
        } catch (S3Exception e) {
            if (e.statusCode() == 404) {
                return false;
            }
            throw e;
        }
    }

    private byte[] fetch(HttpClient http, String via, SegmentName name) {
        URI uri = URI.create(via + "/vod/" + content + "/segments/" + name);
        try {
            HttpResponse<byte[]> r = http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(60)).GET().build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            if (r.statusCode() != 200) {
                throw new CreatorException("the gateway answered " + r.statusCode() + " for segment " + name + " (" + uri + ")");
            }
            return r.body();
        } catch (java.io.IOException e) {
            throw new CreatorException("the gateway at " + via + " cannot be reached: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CreatorException("interrupted");
        }
    }
}

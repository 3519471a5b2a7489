package dev.shoal.deploy.stack;

import dev.shoal.deploy.LaunchException;
import dev.shoal.deploy.process.ChildProcess;
import dev.shoal.deploy.process.Ports;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/** A single-node Apache Kafka broker in KRaft mode, as a child JVM running the Kafka 4.3.1 jars. */
public final class KafkaComponent extends ProcessComponent {

    private int port;
    private int controllerPort;

    public KafkaComponent() {
        super(Duration.ofSeconds(20));
    }

    @Override
    public String name() {
        return "kafka";
    }

    @Override
    public synchronized void reservePorts(StackContext context) {
        if (port == 0) {
            port = context.ports().take("kafka");
            controllerPort = context.ports().take("kafka controller");
        }
    }

    @Override
    public void start(StackContext context) {
        reservePorts(context);
        Path dir = context.dataDir(name());
        Path logs = dir.resolve("data");
        Path config = dir.resolve("server.properties");
        try {
            Files.createDirectories(logs);
            Files.writeString(config, serverProperties(port, controllerPort, logs));
            Files.writeString(dir.resolve("log4j2.properties"), LOG4J);
        } catch (IOException e) {
            throw new LaunchException("cannot write the Kafka configuration in " + dir + ": " + e.getMessage(), e);
        }
        String classpath = Payloads.kafkaClasspath();
        List<String> jvm = List.of(context.java().toString(), "-Xms128m", "-Xmx512m", "-XX:+UseSerialGC",
                "-Dlog4j2.configurationFile=" + dir.resolve("log4j2.properties"), "-cp", classpath);
        if (!Files.exists(logs.resolve("meta.properties"))) {
            context.say("formatting Kafka storage");
            ChildProcess.runToCompletion("kafka storage format",
                    concat(jvm, "kafka.tools.StorageTool", "format", "-t", clusterId(), "-c", config.toString()),
                    dir, Map.of(), context.log("kafka-format"), Duration.ofSeconds(60));
        }
        process = ChildProcess.start(name(), concat(jvm, "kafka.Kafka", config.toString()), dir, Map.of(), context.log(name()));
        Wait.until("Kafka", Duration.ofSeconds(90), process, this::healthy);
        context.endpoints().kafkaBootstrap(bootstrap());
    }

    public String bootstrap() {
        return Ports.LOOPBACK + ":" + port;
    }

    private static String serverProperties(int port, int controllerPort, Path logs) {
        return String.join("\n",
                "process.roles=broker,controller",
                "node.id=1",
                "controller.quorum.voters=1@" + Ports.LOOPBACK + ":" + controllerPort,
                "listeners=PLAINTEXT://" + Ports.LOOPBACK + ":" + port + ",CONTROLLER://" + Ports.LOOPBACK + ":" + controllerPort,
                "advertised.listeners=PLAINTEXT://" + Ports.LOOPBACK + ":" + port,
                "controller.listener.names=CONTROLLER",
                "inter.broker.listener.name=PLAINTEXT",
                "listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT",
                "log.dirs=" + logs,
                "num.partitions=3",
                "offsets.topic.replication.factor=1",
                "transaction.state.log.replication.factor=1",
                "transaction.state.log.min.isr=1",
                "share.coordinator.state.topic.replication.factor=1",
                "share.coordinator.state.topic.min.isr=1",
                "group.initial.rebalance.delay.ms=0",
                "auto.create.topics.enable=true",
                "log.retention.hours=168",
                "") ;
    }

    private static final String LOG4J = String.join("\n",
            "rootLogger.level=WARN",
            "rootLogger.appenderRef.stdout.ref=STDOUT",
            "appender.stdout.type=Console",
            "appender.stdout.name=STDOUT",
            "appender.stdout.layout.type=PatternLayout",
            "appender.stdout.layout.pattern=%d{ISO8601} %-5p [%c{1}] %m%n",
            "logger.kafka.name=kafka.server.KafkaRaftServer",
            "logger.kafka.level=INFO",
            "");

    /** A random cluster id in Kafka's form: 16 random bytes, URL-safe base64 without padding, not starting with '-'. */
    private static String clusterId() {
        SecureRandom random = new SecureRandom();
        byte[] bytes = new byte[16];
        String id;
        do {
            random.nextBytes(bytes);
            id = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        } while (id.startsWith("-"));
        return id;
    }

    private static List<String> concat(List<String> head, String... tail) {
        return java.util.stream.Stream.concat(head.stream(), java.util.Arrays.stream(tail)).toList();
    }

    @Override
    public String url() {
        return "kafka://" + bootstrap();
    }

    /**
     * The broker answers a Kafka ApiVersions request (API key 18, version 0) without error. A KRaft
     * broker opens its client listener only once it has caught up with the metadata log.
     */
    @Override
    public HealthProbe probe() {
        return new HealthProbe("kafka", bootstrap());
    }

    static boolean apiVersionsAnswered(String host, int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host, port), 1000);
            socket.setSoTimeout(2000);
            byte[] clientId = "shoal-launcher".getBytes(StandardCharsets.UTF_8);
            DataOutputStream out = new DataOutputStream(socket.getOutputStream());
            out.writeInt(2 + 2 + 4 + 2 + clientId.length);
            out.writeShort(18);   // ApiVersions
            out.writeShort(0);    // version 0: no tagged fields, any broker answers it
            out.writeInt(4711);   // correlation id
            out.writeShort(clientId.length);
            out.write(clientId);
            out.flush();
            DataInputStream in = new DataInputStream(socket.getInputStream());
            int size = in.readInt();
            int correlation = in.readInt();
            short error = in.readShort();
            return size > 6 && correlation == 4711 && error == 0;
        } catch (IOException e) {
            return false;
        }
    }
}

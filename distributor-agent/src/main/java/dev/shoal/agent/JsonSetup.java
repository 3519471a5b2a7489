package dev.shoal.agent;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.ToStringSerializer;
import dev.shoal.contracts.hash.Sha256;
import dev.shoal.contracts.identity.Address;
import io.quarkus.jackson.ObjectMapperCustomizer;
import jakarta.inject.Singleton;

/** Hashes and addresses appear in the agent's JSON as their usual text (hex, 0x-address). */
@Singleton
public class JsonSetup implements ObjectMapperCustomizer {

    @Override
    public void customize(ObjectMapper mapper) {
        mapper.registerModule(new SimpleModule("shoal-agent")
                .addSerializer(Sha256.class, ToStringSerializer.instance)
                .addSerializer(Address.class, ToStringSerializer.instance));
    }
}

package dev.herald.handler.kafka;

import java.util.zip.CRC32;
import org.apache.kafka.common.utils.Utils;

/**
 * Picks a message's partition from its key as Kapacitor's Kafka writer does, so that one alert id lands on the same
 * partition as it did under Kapacitor: IEEE CRC-32 (Kapacitor's default, as librdkafka), the Java client's murmur2,
 * or murmur3 / FNV-1a through sarama's hash partitioner ({@code abs(int32(hash) % n)}).
 */
final class KeyPartitioner {
    private KeyPartitioner() {
    }

    /** The partition index in {@code [0, count)} for {@code key}. */
    static int partition(String algorithm, byte[] key, int count) {
        return switch (algorithm) {
            case "murmur2" -> Utils.toPositive(Utils.murmur2(key)) % count;
            case "murmur3" -> signedMod(murmur3(key), count);
            case "fnv-1a" -> signedMod(fnv1a(key), count);
            default -> (int) (crc32(key) % count);
        };
    }

    private static int signedMod(int hash, int count) {
        int p = hash % count;
        return p < 0 ? -p : p;
    }

    static long crc32(byte[] key) {
        CRC32 crc = new CRC32();
        crc.update(key);
        return crc.getValue();
    }

    /** 32-bit FNV-1a. */
    static int fnv1a(byte[] key) {
        int hash = 0x811c9dc5;
        for (byte b : key) {
            hash ^= b & 0xff;
            hash *= 0x01000193;
        }
        return hash;
    }

    /** 32-bit murmur3 (x86), seed 0. */
    static int murmur3(byte[] key) {
        final int c1 = 0xcc9e2d51;
        final int c2 = 0x1b873593;
        int h = 0;
        int blocks = key.length / 4;
        for (int i = 0; i < blocks; i++) {
            int k = (key[4 * i] & 0xff) | (key[4 * i + 1] & 0xff) << 8 | (key[4 * i + 2] & 0xff) << 16
                    | (key[4 * i + 3] & 0xff) << 24;
            k *= c1;
            k = Integer.rotateLeft(k, 15);
            k *= c2;
            h ^= k;
            h = Integer.rotateLeft(h, 13);
            h = h * 5 + 0xe6546b64;
        }
        int tail = blocks * 4;
        int k = 0;
        switch (key.length & 3) {
            case 3:
                k ^= (key[tail + 2] & 0xff) << 16;
                // fall through
            case 2:
                k ^= (key[tail + 1] & 0xff) << 8;
                // fall through
            case 1:
                k ^= key[tail] & 0xff;
                k *= c1;
                k = Integer.rotateLeft(k, 15);
                k *= c2;
                h ^= k;
                break;
            default:
                break;
        }
        h ^= key.length;
        h ^= h >>> 16;
        h *= 0x85ebca6b;
        h ^= h >>> 13;
        h *= 0xc2b2ae35;
        h ^= h >>> 16;
        return h;
    }
}

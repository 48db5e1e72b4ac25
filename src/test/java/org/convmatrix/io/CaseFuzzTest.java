package org.convmatrix.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.convmatrix.cli.CliRun;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Fuzzes the case reader through the command line: 10 000 malformed cases per run (fixed seed), made from the
 * valid PyTorch fixtures by one defect each — a truncation, a value of the wrong type, a non-finite or
 * out-of-range number in a tensor, deep nesting, a shape that overflows, an unknown key, a duplicate key. Every one
 * must give exit 2, exactly one {@code error:} line naming the field at fault (or {@code case} for text that is not
 * a JSON case), nothing on standard output, and no file in the {@code --out} folder.
 */
class CaseFuzzTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int INPUTS = 10_000;
    private static final String[] COMMANDS = {"apply", "verify", "matrix", "shape", "apply-adjoint"};

    /** A malformed case and the name its error must contain. */
    private record Mutant(String text, String names, String how) {
    }

    @Test
    void everyMalformedCaseIsRefusedWithOneLineNamingItsField(@TempDir Path dir) throws IOException {
        List<String> bases = bases();
        SplittableRandom rnd = new SplittableRandom(0xF0221L);
        Path outDir = Files.createDirectory(dir.resolve("out"));
        Path casePath = dir.resolve("case.json");
        for (int i = 0; i < INPUTS; i++) {
            String base = bases.get(rnd.nextInt(bases.size()));
            Mutant m = mutate(base, rnd);
            Files.writeString(casePath, m.text());
            String command = COMMANDS[i % COMMANDS.length];
            CliRun r = run(command, casePath, outDir);
            String context = m.how() + " via " + command + ": " + r + "\ncase: " + abbreviate(m.text());
            assertEquals(2, r.exitCode(), context);
            String[] lines = r.err().strip().split("\n");
            assertEquals(1, lines.length, context);
            assertTrue(lines[0].startsWith("error: "), context);
            assertTrue(lines[0].contains(m.names()), "names " + m.names() + ": " + context);
            assertEquals("", r.out(), context);
            try (Stream<Path> left = Files.list(outDir)) {
                assertEquals(0, left.count(), context);
            }
        }
    }

    private static CliRun run(String command, Path c, Path outDir) {
        String out = outDir.resolve("result.json").toString();
        switch (command) {
            case "apply":
                return CliRun.of("apply", c.toString(), "--via", "direct", "--out", out);
            case "apply-adjoint":
                return CliRun.of("apply", c.toString(), "--adjoint", "--out", out);
            case "matrix":
                return CliRun.of("matrix", "--case", c.toString(), "--format", "csv", "--out", out);
            case "shape":
                return CliRun.of("shape", "--case", c.toString());
            default:
                return CliRun.of("verify", c.toString());
        }
    }

    private static Mutant mutate(String base, SplittableRandom rnd) throws IOException {
        ObjectNode root = (ObjectNode) JSON.readTree(base);
        switch (rnd.nextInt(7)) {
            case 0: {
                String t = base.strip();
                return new Mutant(t.substring(0, 1 + rnd.nextInt(t.length() - 1)), "case", "truncated");
            }
            case 1: {
                Slot s = anyKey(root, rnd);
                JsonNode wrong = rnd.nextBoolean() ? JSON.createObjectNode().put("zz", 1)
                        : s.parent.get(s.key).isTextual() ? JSON.createArrayNode().add(JSON.createArrayNode().add("?"))
                        : JSON.getNodeFactory().textNode("?!");
                s.parent.set(s.key, wrong);
                return new Mutant(root.toString(), s.path + s.key, "type swap of " + s.path + s.key);
            }
            case 2: {
                List<String> tensors = tensorPaths(root, "", new ArrayList<>());
                String path = tensors.get(rnd.nextInt(tensors.size()));
                ArrayNode data = (ArrayNode) locate(root, path).get("data");
                if (data.size() == 0) {
                    return unknownKey(root, rnd);
                }
                String[] bad = {"NaN", "Infinity", "-Infinity", "1e400", "-1e999"};
                String token = bad[rnd.nextInt(bad.length)];
                data.set(rnd.nextInt(data.size()), JSON.getNodeFactory().textNode("@@BAD@@"));
                String name = path.endsWith(".") ? path.substring(0, path.length() - 1) : path;
                return new Mutant(root.toString().replace("\"@@BAD@@\"", token), name, token + " in " + name);
            }
            case 3: {
                Slot s = anyKey(root, rnd);
                int depth = 1100 + rnd.nextInt(2000);
                String nested = "[".repeat(depth) + "]".repeat(depth);
                s.parent.set(s.key, JSON.getNodeFactory().textNode("@@DEEP@@"));
                return new Mutant(root.toString().replace("\"@@DEEP@@\"", nested), "case", "nested " + depth + " deep");
            }
            case 4: {
                ArrayNode shape = (ArrayNode) root.get("input").get("shape");
                for (int a = 0; a < shape.size(); a++) {
                    shape.set(a, JSON.getNodeFactory().numberNode(rnd.nextBoolean() ? Integer.MAX_VALUE : 65536 + a));
                }
                return new Mutant(root.toString(), "input", "overflowing input.shape");
            }
            case 5:
                return unknownKey(root, rnd);
            default: {
                String text = root.toString();
                return new Mutant("{\"op\": \"conv\", " + text.substring(1), "op", "duplicate key op");
            }
        }
    }

    private static Mutant unknownKey(ObjectNode root, SplittableRandom rnd) {
        String key = "zz" + Integer.toString(rnd.nextInt(1 << 20), 36);
        List<String> layers = new ArrayList<>();
        layers.add("");
        if (root.has("layers")) {
            for (int i = 0; i < root.get("layers").size(); i++) {
                layers.add("layers[" + i + "].");
            }
        }
        String path = layers.get(rnd.nextInt(layers.size()));
        ((ObjectNode) locate(root, path)).put(key, 1);
        return new Mutant(root.toString(), path + key, "unknown key " + path + key);
    }

    /** A key of the case or of one of its layers (not {@code name}, not a free note). */
    private record Slot(ObjectNode parent, String key, String path) {
    }

    private static Slot anyKey(ObjectNode root, SplittableRandom rnd) {
        List<Slot> slots = new ArrayList<>();
        collect(root, "", slots);
        return slots.get(rnd.nextInt(slots.size()));
    }

    private static void collect(ObjectNode o, String path, List<Slot> slots) {
        Iterator<String> names = o.fieldNames();
        List<String> keys = new ArrayList<>();
        names.forEachRemaining(keys::add);
        for (String k : keys) {
            if (k.equals("name") || k.startsWith("_")) {
                continue;
            }
            slots.add(new Slot(o, k, path));
            if (k.equals("layers") && o.get(k).isArray()) {
                for (int i = 0; i < o.get(k).size(); i++) {
                    collect((ObjectNode) o.get(k).get(i), path + "layers[" + i + "].", slots);
                }
            }
        }
    }

    private static List<String> tensorPaths(JsonNode o, String path, List<String> out) {
        Iterator<String> names = o.fieldNames();
        while (names.hasNext()) {
            String k = names.next();
            JsonNode v = o.get(k);
            if (!k.startsWith("_") && v.isObject() && v.has("data") && v.get("data").isArray()) {
                out.add(path + k);
            } else if (k.equals("layers") && v.isArray()) {
                for (int i = 0; i < v.size(); i++) {
                    tensorPaths(v.get(i), path + "layers[" + i + "].", out);
                }
            }
        }
        return out;
    }

    /** The object at a path such as {@code layers[1].weight}, {@code layers[0].} or {@code ""}. */
    private static JsonNode locate(JsonNode root, String path) {
        JsonNode n = root;
        for (String part : path.split("\\.")) {
            if (part.isEmpty()) {
                continue;
            }
            if (part.startsWith("layers[")) {
                n = n.get("layers").get(Integer.parseInt(part.substring(7, part.length() - 1)));
            } else {
                n = n.get(part);
            }
        }
        return n;
    }

    private static List<String> bases() throws IOException {
        List<String> texts = new ArrayList<>();
        for (Path dir : new Path[] {Path.of("src/test/resources/cases/valid"), Path.of("src/test/resources/cases/ops/valid")}) {
            try (Stream<Path> s = Files.list(dir)) {
                for (Path p : s.filter(f -> f.toString().endsWith(".json") && !f.getFileName().toString().startsWith("_"))
                        .sorted().toList()) {
                    String text = Files.readString(p);
                    if (text.length() < 20_000 && registered(text)) {
                        texts.add(text);
                    }
                }
            }
        }
        assertTrue(texts.size() >= 50, "bases: " + texts.size());
        return texts;
    }

    /** Whether every op of the case can be read (so that the only defect is the one planted). */
    private static boolean registered(String text) {
        try {
            CaseReader.parse(text);
            return true;
        } catch (RuntimeException e) {
            return false;
        }
    }

    private static String abbreviate(String s) {
        return s.length() > 300 ? s.substring(0, 300) + "..." : s;
    }
}

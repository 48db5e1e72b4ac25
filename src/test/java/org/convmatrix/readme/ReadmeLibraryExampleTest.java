package org.convmatrix.readme;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.PrintStream;
import java.io.StringWriter;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's "As a library" example, taken from README.md as it stands, compiled against the library
 * and run: its imports become the class's imports, the rest the body of {@code main}.
 */
class ReadmeLibraryExampleTest {
    @TempDir
    Path dir;

    /** @return the first java block after the heading {@code ## As a library} */
    static String example() throws Exception {
        String readme = Files.readString(Path.of("README.md"));
        int section = readme.indexOf("\n## As a library\n");
        assertTrue(section >= 0, "README has no '## As a library' section");
        int start = readme.indexOf("```java\n", section) + "```java\n".length();
        return readme.substring(start, readme.indexOf("```\n", start));
    }

    static String asClass(String example) {
        StringBuilder imports = new StringBuilder();
        StringBuilder body = new StringBuilder();
        for (String line : example.split("\n")) {
            (line.startsWith("import ") ? imports : body).append(line).append('\n');
        }
        return imports + "public class ReadmeExample {\n    public static void main(String[] args) throws Exception {\n"
                + body + "    }\n}\n";
    }

    @Test
    void theLibraryExampleCompilesAndRuns() throws Exception {
        Path src = dir.resolve("ReadmeExample.java");
        Files.writeString(src, asClass(example()));
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        assertNotNull(javac, "no Java compiler in this runtime (a JRE, not a JDK)");
        StringWriter messages = new StringWriter();
        String classPath = System.getProperty("java.class.path") + File.pathSeparator + Path.of("target", "classes");
        boolean ok = javac.getTask(messages, null, null, List.of("-classpath", classPath, "-d", dir.toString()), null,
                javac.getStandardFileManager(null, null, null).getJavaFileObjects(src.toFile())).call();
        assertTrue(ok, "the README example does not compile:\n" + messages);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrintStream saved = System.out;
        try (URLClassLoader loader = new URLClassLoader(new URL[] {dir.toUri().toURL()}, getClass().getClassLoader())) {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            loader.loadClass("ReadmeExample").getMethod("main", String[].class).invoke(null, (Object) new String[0]);
        } finally {
            System.setOut(saved);
        }
        String printed = out.toString(StandardCharsets.UTF_8);
        // H: floor((7 + 1 + 1 - 2 - 1) / 2) + 1 = 4, W: 6 + 0 + 2 - 2 = 6; rows 4·4·6, columns 2·7·6
        assertTrue(printed.startsWith("W 96 x 84, "), printed);
        assertTrue(printed.contains("output [1, 4, 4, 6]; dot test passed: "), printed);
        assertEquals(1, printed.strip().split("\n").length, printed);
    }
}

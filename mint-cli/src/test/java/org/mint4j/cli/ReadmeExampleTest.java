package org.mint4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mint4j.run.RunDirectory;

/** The README's "Use mint4j from Java" program compiles and runs as printed, on the tiny recipe. */
class ReadmeExampleTest {

    @Test
    void theReadmeProgramRunsThePipeline(@TempDir Path tmp) throws Exception {
        String readme = Files.readString(Path.of("..", "README.md"));
        String section = readme.substring(readme.indexOf("## Use mint4j from Java"));
        String code = section.substring(section.indexOf("```java") + "```java".length(), section.indexOf("```\n", 
                section.indexOf("```java") + 7));
        Path source = tmp.resolve("PruneWithMint.java");
        Files.writeString(source, code);
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        int compiled = javac.run(null, null, null, "-cp", System.getProperty("java.class.path"), "-d",
                tmp.toString(), source.toString());
        assertEquals(0, compiled, "the README's program compiles");

        Path recipe = tmp.resolve("tiny.yaml");
        try (InputStream in = ReadmeExampleTest.class.getClassLoader().getResourceAsStream("tiny-pipeline.yaml")) {
            Files.write(recipe, in.readAllBytes());
        }
        Path run = tmp.resolve("run");
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        PrintStream stdout = System.out;
        try (URLClassLoader loader = new URLClassLoader(new java.net.URL[] {tmp.toUri().toURL()},
                ReadmeExampleTest.class.getClassLoader())) {
            System.setOut(new PrintStream(printed, true, StandardCharsets.UTF_8));
            loader.loadClass("PruneWithMint").getMethod("main", String[].class)
                    .invoke(null, (Object) new String[] {recipe.toString(), run.toString()});
        } finally {
            System.setOut(stdout);
        }
        String out = printed.toString(StandardCharsets.UTF_8);
        for (String criterion : List.of("mint", "random", "magnitude")) {
            assertTrue(out.contains(criterion + " at 50%: "), out);
        }
        assertTrue(Files.exists(RunDirectory.at(run).results()), "the run directory holds its results");
    }
}

package io.dpnet.arch;

import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The layering each package-info.java states: imports point downward only. The math core and
 * the training-loop state never see Spark.
 */
class LayeringTest {
    private static JavaClasses classes;

    @BeforeAll
    static void importMain() {
        // The compiled main classes only: scanning the classpath's jars for io.dpnet would read all of Spark.
        classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPath(Path.of("target", "classes"));
    }

    @Test
    void importsMainClasses() {
        // Guards the guard: an empty import would make every rule below pass.
        org.assertj.core.api.Assertions.assertThat(classes.contain("io.dpnet.spark.train.DistributedTrainer")).isTrue();
    }

    @Test
    void importsPointDownward() {
        layeredArchitecture().consideringOnlyDependenciesInLayers()
                .layer("nn").definedBy("io.dpnet.nn..")
                .layer("optim").definedBy("io.dpnet.optim..")
                .layer("train").definedBy("io.dpnet.train..")
                .layer("data").definedBy("io.dpnet.data..")
                .layer("model").definedBy("io.dpnet.model..")
                .layer("eval").definedBy("io.dpnet.eval..")
                .layer("config").definedBy("io.dpnet.config..")
                .layer("report").definedBy("io.dpnet.report..")
                .layer("export").definedBy("io.dpnet.export..")
                .layer("plan").definedBy("io.dpnet.plan..")
                .layer("spark.input").definedBy("io.dpnet.spark.input..")
                .layer("spark.score").definedBy("io.dpnet.spark.score..")
                .layer("spark.train").definedBy("io.dpnet.spark.train..")
                .layer("spark.generate").definedBy("io.dpnet.spark.generate..")
                .layer("spark.plan").definedBy("io.dpnet.spark.plan..")
                .layer("spark").definedBy("io.dpnet.spark")
                .layer("run").definedBy("io.dpnet.run..")
                .layer("cli").definedBy("io.dpnet.cli..")
                .layer("ml").definedBy("io.dpnet.ml..")
                .layer("examples").definedBy("io.dpnet.examples..")
                .whereLayer("examples").mayNotBeAccessedByAnyLayer()
                .whereLayer("cli").mayNotBeAccessedByAnyLayer()
                .whereLayer("ml").mayOnlyBeAccessedByLayers("examples")
                .whereLayer("run").mayOnlyBeAccessedByLayers("cli", "ml", "examples")
                .whereLayer("spark").mayOnlyBeAccessedByLayers("run", "cli", "ml", "examples")
                .whereLayer("spark.generate").mayOnlyBeAccessedByLayers("cli")
                .whereLayer("spark.plan").mayOnlyBeAccessedByLayers("cli")
                .whereLayer("plan").mayOnlyBeAccessedByLayers("spark.plan", "cli")
                .whereLayer("plan").mayOnlyAccessLayers("nn", "optim", "train", "config", "data")
                .whereLayer("spark.train").mayOnlyBeAccessedByLayers("spark", "run", "cli", "ml", "examples")
                .whereLayer("spark.score").mayOnlyBeAccessedByLayers("spark.train", "spark", "run", "cli", "ml",
                        "examples")
                .whereLayer("spark.input").mayOnlyBeAccessedByLayers("spark.score", "spark.train", "spark", "run",
                        "spark.plan", "cli", "ml", "examples")
                .whereLayer("report").mayOnlyBeAccessedByLayers("run", "cli", "ml", "examples")
                .whereLayer("export").mayOnlyBeAccessedByLayers("cli", "ml", "examples")
                .whereLayer("export").mayOnlyAccessLayers("model", "nn")
                .whereLayer("config").mayOnlyBeAccessedByLayers("plan", "spark.input", "spark.score", "spark.train",
                        "spark", "run", "cli", "ml", "examples")
                .whereLayer("eval").mayOnlyBeAccessedByLayers("report", "spark.input", "spark.score", "spark.train",
                        "spark", "run", "cli", "ml", "examples")
                .whereLayer("model").mayOnlyBeAccessedByLayers("eval", "report", "export", "spark.input",
                        "spark.score", "spark.train", "spark.generate", "spark", "run", "cli", "ml", "examples")
                .whereLayer("data").mayNotAccessAnyLayer()
                .whereLayer("train").mayOnlyAccessLayers("nn", "optim")
                .whereLayer("optim").mayOnlyAccessLayers("nn")
                .whereLayer("nn").mayNotAccessAnyLayer()
                .check(classes);
    }

    @Test
    void coreNeverSeesSpark() {
        noClasses().that().resideInAnyPackage("io.dpnet.nn..", "io.dpnet.optim..", "io.dpnet.train..",
                        "io.dpnet.data..", "io.dpnet.config..", "io.dpnet.eval..", "io.dpnet.model..",
                        "io.dpnet.report..", "io.dpnet.export..", "io.dpnet.plan..")
                .should().dependOnClassesThat().resideInAnyPackage("org.apache.spark..", "scala..")
                .check(classes);
    }
}

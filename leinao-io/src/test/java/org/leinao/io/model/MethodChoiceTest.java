package org.leinao.io.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Choice parameters (iaf_cond_exp's {@code method}) are written by name in model files. */
class MethodChoiceTest {
    private static final String FILE = """
            dt: 0.1 ms
            duration: 10 ms
            populations:
              n: {size: 2, model: iaf_cond_exp, params: {method: METHOD, g_L: 10 nS}}
            """;

    @Test
    void methodByName() {
        LoadedModel m = ModelFile.parse(FILE.replace("METHOD", "euler"), "m.yaml", List.of());
        assertThat(m.spec().populations().get(0).model().get("method")).isEqualTo(1.0);
        LoadedModel o = ModelFile.parse(FILE.replace("METHOD", "euler"), "m.yaml",
                List.of("populations.n.params.method=exponential_euler"));
        assertThat(o.spec().populations().get(0).model().get("method")).isEqualTo(2.0);
    }

    @Test
    void unknownMethodIsLocated() {
        ModelFileException e = catchThrowableOfType(ModelFileException.class,
                () -> ModelFile.parse(FILE.replace("METHOD", "rk4"), "m.yaml", List.of()));
        assertThat(e.problems()).hasSize(1);
        assertThat(e.problems().get(0).toString()).startsWith("m.yaml:4:").contains("populations.n.params.method")
                .contains("adaptive, euler, exponential_euler").contains("rk4");
    }
}

package org.convmatrix.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;

/** The human table of {@code spectrum}: the same numbers as its JSON, one per line. */
final class SpectrumTable {
    private SpectrumTable() {
    }

    static String render(JsonNode o) {
        StringBuilder s = new StringBuilder();
        line(s, "A", o.get("rows").asInt() + " x " + o.get("cols").asInt());
        JsonNode top = o.get("top");
        for (int i = 0; i < top.size(); i++) {
            double lo = top.get(i).get(0).asDouble();
            double hi = top.get(i).get(1).asDouble();
            line(s, "sigma_" + (i + 1), String.format(Locale.ROOT, "[%.15g, %.15g]  width %.2e", lo, hi,
                    lo > 0 ? (hi - lo) / lo : Double.POSITIVE_INFINITY));
        }
        line(s, "certified", o.get("converged").asBoolean() ? "yes (to --tol)" : "NO: --max-steps reached first");
        line(s, "products", o.get("products").asInt() + " with A or A^T, " + o.get("abs_products").asInt() + " with |A|, "
                + o.get("steps").asInt() + " Lanczos steps, " + String.format(Locale.ROOT, "%.3f s", o.get("seconds").asDouble()));
        for (String f : new String[] {"rank", "dense_sigma_max", "sigma_min", "condition"}) {
            if (o.has(f)) {
                line(s, f, o.get(f).asText());
            }
        }
        Iterator<Map.Entry<String, JsonNode>> it = o.get("bounds").fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            JsonNode v = e.getValue();
            line(s, e.getKey(), v.get("value").isNull() ? "n/a (not a bound for this padding)"
                    : String.format(Locale.ROOT, "%.10g  (%.4f x sigma_max)", v.get("value").asDouble(),
                    v.get("ratio").asDouble()));
        }
        if (o.has("null_witness")) {
            JsonNode w = o.get("null_witness");
            line(s, "null witness", w.get("file").asText() + String.format(Locale.ROOT, "  ||Ax||/||x|| = %.2e",
                    w.get("ratio").asDouble()));
        }
        line(s, "note", o.get("assumption").asText());
        return s.toString();
    }

    private static void line(StringBuilder s, String key, String value) {
        s.append(String.format(Locale.ROOT, "%-16s %s%n", key, value));
    }
}

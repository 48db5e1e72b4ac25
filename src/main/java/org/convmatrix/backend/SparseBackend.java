package org.convmatrix.backend;

import org.convmatrix.sparse.CscMatrix;

/**
 * The one seam between ConvMatrix and a third-party sparse-matrix library: hand it a {@link CscMatrix},
 * get back that library's matrix behind {@link BackendMatrix}. Only the implementations in this package
 * import EJML or la4j. Implementations are stateless and thread-safe.
 */
public interface SparseBackend {
    /** @return the library's name, e.g. {@code "ejml"} */
    String name();

    /** @return the library's copy of {@code w} */
    BackendMatrix load(CscMatrix w);

    /** @return the backends this build ships: EJML and la4j */
    static SparseBackend[] all() {
        return new SparseBackend[] {new EjmlBackend(), new La4jBackend()};
    }
}

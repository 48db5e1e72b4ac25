From Coq Require Import Extraction ExtrOcamlBasic ExtrOcamlNatInt.
From ConvMatrix Require Import Suite.
Extraction Language OCaml.
Extraction "suite_extracted.ml" Suite.suite Suite.l_entries Suite.l_rows Suite.l_cols
  Suite.l_outs Suite.l_pbs Suite.l_pas.

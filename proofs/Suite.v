(* Translation validation: the matrices W of a fixed suite of small      *)
(* layers, computed by the entry formula of PaddedNd.WM_entry (the W of  *)
(* the theorems, numbered as the Java code numbers it), extracted to     *)
(* OCaml and written by proofs/check.sh to                               *)
(* src/test/resources/coq-matrices/, where a Java test compares them    *)
(* entry for entry with KernelToMatrix.  Weights are symbolic: the       *)
(* weight with flat index f is f + 1, so every entry is an exact integer *)
(* and names the weights it sums.                                        *)
From mathcomp Require Import all_ssreflect.
From ConvMatrix Require Import ConvNd RowMajor PaddedNd.

Set Implicit Arguments.
Unset Strict Implicit.
Unset Printing Implicit Defensive.

(* padding as written in a case file *)
Inductive padspec :=
  | PSym of seq nat            (* one integer per axis, both sides *)
  | PPairs of seq nat & seq nat (* before, after per axis *)
  | PSame                        (* "same": total d(k-1), odd extra after *)
  | PValid.                      (* "valid": none *)

Record layer := Layer {
  l_transpose : bool; (* conv_transpose? *)
  l_cin : nat; l_cout : nat; l_groups : nat;
  l_k : seq nat; l_s : seq nat; l_d : seq nat;
  l_pad : padspec; l_mode : pmode; l_op : seq nat;
  l_n : seq nat       (* spatial input shape *)
}.

Definition nth0 (s : seq nat) a := nth 0 s a.

(* resolved padding before / after of axis a *)
Definition pad_before (l : layer) a : nat :=
  match l_pad l with
  | PSym ps => nth0 ps a
  | PPairs pb _ => nth0 pb a
  | PSame => (nth0 (l_d l) a * (nth0 (l_k l) a).-1) %/ 2
  | PValid => 0
  end.
Definition pad_after (l : layer) a : nat :=
  match l_pad l with
  | PSym ps => nth0 ps a
  | PPairs _ pa => nth0 pa a
  | PSame => nth0 (l_d l) a * (nth0 (l_k l) a).-1 - (nth0 (l_d l) a * (nth0 (l_k l) a).-1) %/ 2
  | PValid => 0
  end.

(* PyTorch's output length of axis a (Shapes.v: conv_len, convT_len) *)
Definition out_len (l : layer) a : nat :=
  let: n := nth0 (l_n l) a in let: k := nth0 (l_k l) a in
  let: s := nth0 (l_s l) a in let: d := nth0 (l_d l) a in
  if l_transpose l then (n.-1 * s + d * k.-1 + nth0 (l_op l) a + 1) - 2 * pad_before l a
  else (n + pad_before l a + pad_after l a - d * k.-1 - 1) %/ s + 1.

(* The gather whose matrix W the Java code builds (GatherGeometry):
   conv: rows C_out x out, columns C_in x in;
   conv_transpose: rows C_in x in, columns C_out x out (W of the conv
   whose adjoint the layer is), zero padding p before. *)
Definition l_axes (l : layer) : seq maxis :=
  [seq let: n := nth0 (l_n l) a in let: m := out_len l a in
       MAxis (Axis (if l_transpose l then m else n) (if l_transpose l then n else m)
                   (nth0 (l_k l) a) (nth0 (l_s l) a) (pad_before l a) (nth0 (l_d l) a))
             (pad_after l a)
  | a <- iota 0 (size (l_k l))].

Definition l_G l := l_groups l.
Definition l_rowch l := if l_transpose l then l_cin l else l_cout l.
Definition l_colch l := if l_transpose l then l_cout l else l_cin l.
Definition l_cog l := l_rowch l %/ l_G l.
Definition l_cig l := l_colch l %/ l_G l.
Definition l_md l := if l_transpose l then Zeros else l_mode l.

Definition l_rows l := prodn (l_G l * l_cog l :: map ax_m (axs (l_axes l))).
Definition l_cols l := prodn (l_G l * l_cig l :: map ax_n (axs (l_axes l))).

(* Entry (r, c) with weights f + 1: the sum of (f + 1) over wentry. *)
Definition l_entry l r c : nat :=
  sumn [seq f.+1 | f <- wentry (l_G l) (l_cig l) (l_cog l) (l_md l) (l_axes l) r c].

(* Column-major list of the nonzero entries (row, column, value). *)
Definition l_entries l : seq (nat * nat * nat) :=
  [seq e <- [seq (r, c, l_entry l r c) | c <- iota 0 (l_cols l), r <- iota 0 (l_rows l)]
  | e.2 != 0].

Definition l_outs l : seq nat := [seq out_len l a | a <- iota 0 (size (l_k l))].
Definition l_pbs l : seq nat := [seq pad_before l a | a <- iota 0 (size (l_k l))].
Definition l_pas l : seq nat := [seq pad_after l a | a <- iota 0 (size (l_k l))].

(* The suite. *)
Definition conv (cin cout g : nat) k s d pad md n :=
  Layer false cin cout g k s d pad md (nseq (size k) 0) n.
Definition convT (cin cout g : nat) k s d p op n :=
  Layer true cin cout g k s d (PSym p) Zeros op n.

Definition suite : seq layer := [::
  (* 1-D, zero padding, every form *)
  conv 1 1 1 [:: 3] [:: 1] [:: 1] (PSym [:: 0]) Zeros [:: 7];
  conv 1 1 1 [:: 3] [:: 2] [:: 1] (PSym [:: 1]) Zeros [:: 8];
  conv 2 3 1 [:: 2] [:: 1] [:: 2] (PSym [:: 2]) Zeros [:: 6];
  conv 1 2 1 [:: 4] [:: 3] [:: 1] (PPairs [:: 2] [:: 0]) Zeros [:: 9];
  conv 1 1 1 [:: 4] [:: 1] [:: 1] PSame Zeros [:: 6];
  conv 2 2 1 [:: 3] [:: 1] [:: 2] PSame Zeros [:: 7];
  conv 1 1 1 [:: 3] [:: 2] [:: 1] PValid Zeros [:: 8];
  conv 4 6 2 [:: 3] [:: 2] [:: 1] (PSym [:: 1]) Zeros [:: 7];
  (* 1-D, padding modes *)
  conv 1 1 1 [:: 3] [:: 1] [:: 1] (PSym [:: 2]) Reflect [:: 5];
  conv 2 1 1 [:: 3] [:: 2] [:: 2] (PPairs [:: 3] [:: 1]) Reflect [:: 6];
  conv 1 1 1 [:: 4] [:: 1] [:: 1] PSame Reflect [:: 5];
  conv 1 1 1 [:: 3] [:: 1] [:: 1] (PSym [:: 3]) Replicate [:: 4];
  conv 2 4 2 [:: 2] [:: 3] [:: 2] (PPairs [:: 0] [:: 4]) Replicate [:: 5];
  conv 1 1 1 [:: 3] [:: 1] [:: 1] (PSym [:: 4]) Circular [:: 4];
  conv 1 2 1 [:: 5] [:: 2] [:: 1] (PPairs [:: 1] [:: 3]) Circular [:: 3];
  conv 3 3 3 [:: 3] [:: 1] [:: 1] PSame Circular [:: 5];
  (* 2-D *)
  conv 1 1 1 [:: 3; 3] [:: 1; 1] [:: 1; 1] (PSym [:: 1; 1]) Zeros [:: 4; 5];
  conv 2 4 2 [:: 3; 2] [:: 2; 1] [:: 1; 2] (PSym [:: 1; 0]) Zeros [:: 7; 6];
  conv 1 2 1 [:: 2; 3] [:: 1; 2] [:: 2; 1] (PPairs [:: 1; 0] [:: 0; 2]) Zeros [:: 5; 6];
  conv 2 2 1 [:: 3; 2] [:: 1; 1] [:: 1; 3] PSame Zeros [:: 4; 5];
  conv 1 1 1 [:: 2; 2] [:: 2; 2] [:: 1; 1] PValid Zeros [:: 5; 5];
  conv 1 1 1 [:: 3; 3] [:: 1; 2] [:: 1; 1] (PSym [:: 2; 1]) Reflect [:: 4; 5];
  conv 2 2 2 [:: 2; 3] [:: 1; 1] [:: 2; 1] (PPairs [:: 1; 2] [:: 2; 0]) Replicate [:: 3; 4];
  conv 1 2 1 [:: 3; 2] [:: 2; 1] [:: 1; 1] (PSym [:: 3; 1]) Circular [:: 3; 4];
  conv 1 1 1 [:: 3; 4] [:: 1; 1] [:: 1; 1] PSame Reflect [:: 4; 5];
  (* 3-D *)
  conv 1 1 1 [:: 2; 2; 2] [:: 1; 1; 1] [:: 1; 1; 1] (PSym [:: 1; 0; 1]) Zeros [:: 3; 3; 3];
  conv 2 2 2 [:: 2; 1; 2] [:: 2; 1; 1] [:: 1; 1; 2] (PPairs [:: 1; 0; 0] [:: 0; 1; 1]) Zeros [:: 4; 2; 3];
  conv 1 1 1 [:: 2; 2; 2] [:: 1; 1; 1] [:: 1; 1; 1] (PSym [:: 1; 1; 1]) Reflect [:: 3; 2; 3];
  conv 1 1 1 [:: 3; 1; 2] [:: 1; 1; 1] [:: 1; 1; 1] PSame Circular [:: 3; 2; 2];
  conv 1 2 1 [:: 2; 2; 1] [:: 1; 2; 1] [:: 2; 1; 1] (PSym [:: 1; 2; 0]) Replicate [:: 3; 3; 2];
  (* conv_transpose, with output_padding (< stride or < dilation) *)
  convT 1 1 1 [:: 3] [:: 2] [:: 1] [:: 0] [:: 1] [:: 4];
  convT 2 3 1 [:: 3] [:: 3] [:: 1] [:: 1] [:: 2] [:: 3];
  convT 4 2 2 [:: 2] [:: 1] [:: 3] [:: 1] [:: 2] [:: 4];
  convT 1 2 1 [:: 3; 2] [:: 2; 3] [:: 1; 2] [:: 1; 0] [:: 1; 2] [:: 3; 2];
  convT 2 2 2 [:: 2; 3] [:: 1; 2] [:: 2; 1] [:: 0; 1] [:: 1; 0] [:: 3; 3];
  convT 1 1 1 [:: 2; 2; 2] [:: 2; 1; 2] [:: 1; 2; 1] [:: 0; 1; 1] [:: 1; 1; 0] [:: 2; 2; 2]
].

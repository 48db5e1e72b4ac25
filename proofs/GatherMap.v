(* Generic gather maps over finite index sets.                          *)
(*                                                                      *)
(* An output position o : O reads, for every kernel tap j : J, either   *)
(* an input position i : I (idx o j = Some i) or the zero padding       *)
(* (idx o j = None), and multiplies it by the weight w o j.             *)
From mathcomp Require Import all_ssreflect all_algebra.

Set Implicit Arguments.
Unset Strict Implicit.
Unset Printing Implicit Defensive.

Import GRing.Theory.
Local Open Scope ring_scope.

Section GatherMap.

Variable R : comRingType.
Variables O I J : finType.
Variable idx : O -> J -> option I.
Variable w : O -> J -> R.

(* Reading an input through an optional index: None is the padding. *)
Definition read (x : I -> R) (oi : option I) : R :=
  if oi is Some i then x i else 0.

(* The gather map: y(o) = sum_j w(o,j) * x(idx(o,j)), padding reads 0. *)
Definition gather (x : I -> R) (o : O) : R :=
  \sum_(j : J) w o j * read x (idx o j).

(* The scatter map: every y(o) is spread by the kernel onto the input
   positions it was read from. *)
Definition scatter (y : O -> R) (i : I) : R :=
  \sum_(o : O) \sum_(j : J | idx o j == Some i) w o j * y o.

(* Matrix entry W(o,i): total weight with which output o reads input i. *)
Definition coef (o : O) (i : I) : R := \sum_(j : J | idx o j == Some i) w o j.

(* The matrix of the gather map, rows and columns enumerated by
   enum_val : 'I_#|O| -> O and enum_val : 'I_#|I| -> I. *)
Definition gmx : 'M[R]_(#|O|, #|I|) :=
  \matrix_(a, b) coef (enum_val a) (enum_val b).

(* Vectors indexed by a finite type, as column vectors. *)
Definition colv (T : finType) (x : T -> R) : 'cV[R]_#|T| :=
  \col_a x (enum_val a).

Lemma sum_enum_val (T : finType) (F : T -> R) :
  \sum_(t : T) F t = \sum_(a < #|T|) F (enum_val a).
Proof. exact: (reindex enum_val (onW_bij _ (@enum_val_bij T))). Qed.

Lemma read_sum (x : I -> R) (oi : option I) :
  read x oi = \sum_(i : I | oi == Some i) x i.
Proof.
case: oi => [i0|] /=.
  by rewrite (big_pred1 i0) // => i; rewrite /= eq_sym; apply/eqP/eqP => [[]|->].
by rewrite big_pred0.
Qed.

Lemma gather_coef (x : I -> R) (o : O) :
  gather x o = \sum_(i : I) coef o i * x i.
Proof.
rewrite /gather.
under eq_bigr => j _ do rewrite read_sum big_distrr big_mkcond /=.
rewrite exchange_big /=; apply: eq_bigr => i _.
rewrite /coef big_distrl big_mkcond /=; apply: eq_bigr => j _.
by case: ifP.
Qed.

Lemma scatter_coef (y : O -> R) (i : I) :
  scatter y i = \sum_(o : O) coef o i * y o.
Proof. by apply: eq_bigr => o _; rewrite /coef big_distrl. Qed.

(* Theorem 1a: the gather map equals multiplication by its matrix W. *)
Theorem gather_matrix (x : I -> R) :
  colv (gather x) = gmx *m colv x.
Proof.
apply/colP => a; rewrite !mxE gather_coef sum_enum_val.
by apply: eq_bigr => b _; rewrite !mxE.
Qed.

(* Theorem 1b: the scatter map equals multiplication by W^T. *)
Theorem scatter_matrix (y : O -> R) :
  colv (scatter y) = gmx^T *m colv y.
Proof.
apply/colP => b; rewrite !mxE scatter_coef sum_enum_val.
by apply: eq_bigr => a _; rewrite !mxE.
Qed.

(* Theorem 1c: the adjoint identity <W x, y> = <x, W^T y>. *)
Theorem gather_adjoint (x : I -> R) (y : O -> R) :
  \sum_(o : O) gather x o * y o = \sum_(i : I) x i * scatter y i.
Proof.
under eq_bigr => o _ do rewrite gather_coef big_distrl /=.
rewrite exchange_big /=; apply: eq_bigr => i _.
rewrite scatter_coef big_distrr /=; apply: eq_bigr => o _.
by rewrite mulrAC mulrC.
Qed.

(* Theorem 1c, matrix form: (W x)^T y = x^T (W^T y). *)
Theorem gather_adjoint_matrix (x : 'cV[R]_#|I|) (y : 'cV[R]_#|O|) :
  (gmx *m x)^T *m y = x^T *m (gmx^T *m y).
Proof. by rewrite trmx_mul mulmxA. Qed.

End GatherMap.

(* Prints the assumptions of the floating-point theorems (FloatDot.v).
   They use Coq's standard real numbers (Reals, through Flocq), whose
   construction rests on the standard library's axioms; check.sh allows
   exactly those (listed in check.sh and proofs/README.md) and nothing
   else. *)
From ConvMatrix Require Import FloatDot.

Print Assumptions FloatDot.fdot_error.
Print Assumptions FloatDot.binary64_normal_range.
Print Assumptions FloatDot.two_orders_agree.
Print Assumptions FloatDot.tree_error.
Print Assumptions FloatDot.two_trees_agree.
Print Assumptions FloatDot.dot_side_error.
Print Assumptions FloatDot.dot_test_bound.
Print Assumptions FloatDot.ffma_error.
Print Assumptions FloatDot.fused_and_unfused_agree.

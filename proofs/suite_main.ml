(* Writes the matrices of Suite.suite (extracted from Coq) as text files,
   one per layer, into the directory given as the only argument. *)
open Suite_extracted

let ints l = String.concat " " (List.map string_of_int l)

let mode_name = function
  | Zeros -> "zeros" | Reflect -> "reflect" | Replicate -> "replicate" | Circular -> "circular"

let pad_form l = match l.l_pad with
  | PSym _ -> "symmetric" | PPairs _ -> "pairs" | PSame -> "same" | PValid -> "valid"

let write dir i l =
  let dims = List.length l.l_k in
  let op = if l.l_transpose then "conv_transpose" else "conv" in
  let name = Printf.sprintf "%02d-%s%dd-%s-%s.txt" i op dims (mode_name l.l_mode) (pad_form l) in
  let oc = open_out (Filename.concat dir name) in
  let p fmt = Printf.fprintf oc fmt in
  p "# W of layer %d of proofs/Suite.v, computed by Coq (PaddedNd.wentry, see proofs/README.md);\n" i;
  p "# regenerated and compared by proofs/check.sh: do not edit. Weight f (flat, row-major) is f + 1.\n";
  p "op %s\n" op;
  p "in_channels %d\nout_channels %d\ngroups %d\n" l.l_cin l.l_cout l.l_groups;
  p "kernel_size %s\nstride %s\ndilation %s\n" (ints l.l_k) (ints l.l_s) (ints l.l_d);
  p "padding_form %s\n" (pad_form l);
  p "padding_before %s\npadding_after %s\n" (ints (l_pbs l)) (ints (l_pas l));
  p "padding_mode %s\n" (mode_name l.l_mode);
  p "output_padding %s\n" (ints l.l_op);
  p "input %s\noutput %s\n" (ints l.l_n) (ints (l_outs l));
  let es = l_entries l in
  p "rows %d\ncols %d\nnnz %d\n" (l_rows l) (l_cols l) (List.length es);
  List.iter (fun ((r, c), v) -> p "%d %d %d\n" r c v) es;
  close_out oc

let () =
  let dir = Sys.argv.(1) in
  List.iteri (fun i l -> write dir i l) suite

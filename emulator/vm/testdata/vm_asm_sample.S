%% BEAM assembly for what erlc no longer emits (bs_add, from OTP 21 and
%% older), for interpreter_test; `erlc` assembles it.
{module, vm_asm_sample}.

{exports, [{bs_add,2},{bs_add_or_fail,2}]}.

{attributes, []}.

{labels, 7}.

{function, bs_add, 2, 2}.
  {label,1}.
    {func_info,{atom,vm_asm_sample},{atom,bs_add},2}.
  {label,2}.
    {bs_add,{f,0},[{x,0},{x,1},8],{x,0}}.
    return.

{function, bs_add_or_fail, 2, 4}.
  {label,3}.
    {func_info,{atom,vm_asm_sample},{atom,bs_add_or_fail},2}.
  {label,4}.
    {bs_add,{f,5},[{x,0},{x,1},1],{x,0}}.
    return.
  {label,5}.
    {move,{atom,failed},{x,0}}.
    return.

"""The Erlang test corpus: each program compiled by erlc and run on VMs."""

_RUNNER = Label("//tests/erlang:run_program.sh")

def _is_label(vm):
    return vm.startswith("//") or vm.startswith(":") or vm.startswith("@")

def erlang_corpus_test(name, srcs, hdrs = [], vms = ["erl"], size = "small"):
    """One sh_test per program `MOD.erl`, named MOD, plus a test_suite `name`.

    Each test runs `VM -noshell -pa DIR -s MOD main` on every VM and compares
    stdout and the exit status with golden/MOD.out (regen_golden.sh writes it
    from erl).

    Args:
      name: the test_suite of all the programs.
      srcs: the programs, one module each, with main/0.
      hdrs: headers the programs include.
      vms: commands on PATH (erl) or labels of executables (the ling
        launcher) taking erl's command line.
      size: of each test.
    """
    vm_labels = [vm for vm in vms if _is_label(vm)]
    vm_args = [("$(rootpath %s)" % vm) if _is_label(vm) else vm for vm in vms]
    tests = []
    for src in srcs:
        if not src.endswith(".erl"):
            fail("not an Erlang source: " + src)
        mod = src[:-len(".erl")]
        beam = mod + "_beam"

        # warnings_as_errors: a warning here is usually an expression the
        # compiler folded away, which the VM would then never run. erlc runs
        # in the source's folder: it records the source's path relative to
        # its working directory, and stack traces show that path.
        native.genrule(
            name = beam,
            srcs = [src] + hdrs,
            outs = [mod + ".beam"],
            cmd = ("src=$(location {src}) out=$$PWD/$(@D) && cd $$(dirname $$src) && " +
                   "erlc +warnings_as_errors -o $$out $$(basename $$src)").format(src = src),
        )
        golden = "golden/%s.out" % mod
        native.sh_test(
            name = mod,
            size = size,
            srcs = [_RUNNER],
            args = ["$(rootpath %s)" % golden, "$(rootpath :%s)" % beam] + vm_args,
            data = [golden, ":" + beam] + vm_labels,
        )
        tests.append(":" + mod)
    native.test_suite(name = name, tests = tests)

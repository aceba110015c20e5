# Lambda Runtime Kit: the bash side of the bash debugger. Bash reads this file through BASH_ENV before the
# bootstrap's first line; it connects to the debug adapter over TCP (bash's /dev/tcp, never the script's
# stdin, stdout or stderr) and sets a DEBUG trap that runs before every simple command.
#
# Why it is written the way it is:
# - The trap's hot path (no breakpoint in the current file, not stepping, nothing new from the adapter) is a
#   few builtins: one [[ ]] with one stat (is there a newer generation file?). It never forks. While the script
#   traces (set -x) it is wrapped in { } 2>&N, so that the debugger's own commands stay out of the log.
# - `set`, `trap` and `exec` commands take the slow path: the harness follows the script's xtrace and errtrace,
#   gives way to an ERR trap of the script's own, and lets go of a process that becomes another program.
# - Every statement of the trap is part of an && / || list or cannot fail: the trap runs under the script's
#   `set -e`, and a failing statement there would end the runtime.
# - `$?` is kept in _lrk_s for evaluations; bash restores `$?` after the trap itself, and nothing here uses
#   =~, so BASH_REMATCH is the script's.
# - Each process (command substitutions, subshells, pipeline elements) opens its own connection the first time
#   it needs the adapter; it is one thread in the editor. Bash >= 4.2 only: no ${x@Q}, no `local -`.
# - All names start with _lrk_ so the Variables view can leave them out.

if ((BASH_VERSINFO[0] < 4 || (BASH_VERSINFO[0] == 4 && BASH_VERSINFO[1] < 2))); then
  # Too old for what follows ({fd} redirections, associative arrays): say so to the adapter and run undebugged.
  if [[ -n ${LAMBDA_RUNTIME_KIT_BASH_DEBUG-} ]]; then
    { exec 199<>"/dev/tcp/127.0.0.1/${LAMBDA_RUNTIME_KIT_BASH_DEBUG%% *}"; } 2>/dev/null &&
      printf 'hello\0%s\0%s\0%s\0%s\0%s\0%s\0%s\0' 6 "${LAMBDA_RUNTIME_KIT_BASH_DEBUG#* }" "$$" "$$" 0 "$BASH_VERSION" "$PPID" >&199
    exec 199>&-
  fi
  unset LAMBDA_RUNTIME_KIT_BASH_DEBUG LAMBDA_RUNTIME_KIT_BASH_DEBUG_DIR BASH_ENV
  return 0
fi

_lrk_spec=${LAMBDA_RUNTIME_KIT_BASH_DEBUG-}
_lrk_dir=${LAMBDA_RUNTIME_KIT_BASH_DEBUG_DIR-}
_lrk_posix=${LAMBDA_RUNTIME_KIT_BASH_POSIX-}
unset LAMBDA_RUNTIME_KIT_BASH_DEBUG LAMBDA_RUNTIME_KIT_BASH_DEBUG_DIR LAMBDA_RUNTIME_KIT_BASH_POSIX BASH_ENV
if [[ -n ${LAMBDA_RUNTIME_KIT_BASH_ENV-} ]]; then
  # The function's own BASH_ENV: restored, and read as bash would have read it.
  export BASH_ENV=$LAMBDA_RUNTIME_KIT_BASH_ENV
  unset LAMBDA_RUNTIME_KIT_BASH_ENV
  # shellcheck disable=SC1090
  . "$BASH_ENV"
fi

_lrk_port=${_lrk_spec%% *}
_lrk_token=${_lrk_spec#* }
_lrk_fd=
_lrk_own=
_lrk_seen=0
_lrk_next=$_lrk_dir/g1 # the adapter creates g<N> for each change: its existence is news for this process
_lrk_armed=   # the DEBUG trap in force: plain, or quiet while the script may trace (set -x)
_lrk_m=       # stepping mode: '' run, in, over, out, pause
_lrk_md=0     # the depth the mode compares with
_lrk_ex=      # exception filters: e (under set -e), a (any failing command)
_lrk_E=       # the debugger turned errtrace on (so that its ERR trap reaches functions and subshells)
_lrk_userE=   # the script turned errtrace on itself
_lrk_pd=1     # function depth seen last, to skip the trap bash fires on entering a function
_lrk_sl=       # where a step into began (file:line) and its function depth: a step into does not stop
_lrk_sf=0     # on the same line at the same depth (the command inside a $(...) on that line)
_lrk_ls=      # where this process (or the one it was forked from) stopped last, and its subshell level:
_lrk_lsub=0   # a $(...) on that line does not stop on the same breakpoint again
_lrk_uerr=    # the script set an ERR trap of its own: ours stays out of its way
_lrk_s=0
_lrk_es=0
_lrk_why=
_lrk_why_now=
_lrk_det=
_lrk_busy=
_lrk_ifs=$' \t\n'
_lrk_self=${BASH_SOURCE[0]}
declare -A _lrk_k=() # "x<BASH_SOURCE>" -> 0: no breakpoint in that file, 1: some (unset: not yet asked)
declare -A _lrk_b=() # "<BASH_SOURCE>:<line>" -> 1 where a breakpoint is
{ exec {_lrk_null}>/dev/null; } 2>/dev/null

# Sends one message: its type, the number of fields, the fields; each NUL-terminated.
_lrk_send() {
  printf '%s\0' "$1" "$(($# - 1))" "${@:2}" >&"$_lrk_fd"
}

# Reads one command from the adapter into _lrk_c and the array _lrk_a; fails when the adapter is gone.
_lrk_recv() {
  local _lrk_n _lrk_i _lrk_v
  IFS= read -r -d '' -u "$_lrk_fd" _lrk_c || return 1
  IFS= read -r -d '' -u "$_lrk_fd" _lrk_n || return 1
  _lrk_a=()
  for ((_lrk_i = 0; _lrk_i < _lrk_n; _lrk_i++)); do
    IFS= read -r -d '' -u "$_lrk_fd" _lrk_v || return 1
    _lrk_a[_lrk_i]=$_lrk_v
  done
}

# Opens this process's own connection (a subshell closes the copy of its parent's).
_lrk_connect() {
  local _lrk_old=$_lrk_fd
  if [[ -n $_lrk_old ]]; then exec {_lrk_old}>&-; fi
  _lrk_fd=
  { exec {_lrk_fd}<>"/dev/tcp/127.0.0.1/$_lrk_port"; } 2>/dev/null || {
    _lrk_fd=
    return 1
  }
  _lrk_own=$BASHPID
  _lrk_send hello "$_lrk_token" "$BASHPID" "$$" "$BASH_SUBSHELL" "$BASH_VERSION" "$PPID"
}

# The adapter is gone (or refused us): this process runs on without the debugger.
_lrk_off() {
  builtin trap - DEBUG
  _lrk_errtrace off
  if [[ -n $_lrk_fd ]]; then exec {_lrk_fd}>&-; fi
  _lrk_fd=
  _lrk_own=
  _lrk_m=off
}

# Applies state messages until `ready`: breakpoint table, stepping mode, exception filters, generation.
_lrk_apply() {
  while _lrk_recv; do
    [[ $_lrk_c == ready ]] && return 0
    _lrk_apply_one
  done
  return 1
}

# One state message, already read by _lrk_recv.
_lrk_apply_one() {
  local _lrk_i _lrk_l IFS=' '
  case $_lrk_c in
  table)
    _lrk_k=()
    _lrk_b=()
    _lrk_k[x$_lrk_self]=0
    for ((_lrk_i = 0; _lrk_i + 1 < ${#_lrk_a[@]}; _lrk_i += 2)); do
      if [[ -n ${_lrk_a[_lrk_i + 1]} ]]; then
        _lrk_k[x${_lrk_a[_lrk_i]}]=1
        for _lrk_l in ${_lrk_a[_lrk_i + 1]}; do _lrk_b[${_lrk_a[_lrk_i]}:$_lrk_l]=1; done
      else
        _lrk_k[x${_lrk_a[_lrk_i]}]=0
      fi
    done
    ;;
  mode)
    _lrk_m=${_lrk_a[0]}
    _lrk_md=${_lrk_a[1]:-0}
    ;;
  ex)
    _lrk_ex=${_lrk_a[0]}
    if [[ -n $_lrk_ex ]]; then _lrk_errtrace on; else _lrk_errtrace off; fi
    ;;
  gen)
    _lrk_seen=${_lrk_a[0]}
    _lrk_next=$_lrk_dir/g$((_lrk_seen + 1))
    ;;
  esac
  return 0
}

# The frames below the debugger's own $1 frames: name, file, line for each, innermost first.
_lrk_frames() {
  local _lrk_i _lrk_n=${#FUNCNAME[@]}
  _lrk_f=()
  for ((_lrk_i = $1 + 1; _lrk_i < _lrk_n; _lrk_i++)); do
    _lrk_f+=("${FUNCNAME[_lrk_i]}" "${BASH_SOURCE[_lrk_i]}" "${BASH_LINENO[_lrk_i - 1]}")
  done
}

_lrk_ret() { return "$1"; }

# Stopped: tells the adapter where, then serves its requests until it says how to go on. Called by the trap
# itself (right after the trap listed the stopped function's locals), so its caller is the script's frame; the
# reason is in _lrk_why and _lrk_det; the arguments are the script's positional parameters (for evaluations).
_lrk_stop() {
  local _lrk_o=$- _lrk_pf= _lrk_ifs=${IFS-$' \t\n'} IFS=$' \t\n'
  [[ -o pipefail ]] && _lrk_pf=1
  set +e +u +o pipefail
  local _lrk_st=$_lrk_s _lrk_out _lrk_rc _lrk_name _lrk_tmp=$_lrk_dir/eval.$BASHPID
  local _lrk_src=${BASH_SOURCE[1]-} _lrk_line=${BASH_LINENO[0]} _lrk_fdp=$((${#BASH_SOURCE[@]} - 1))
  _lrk_why_now=$_lrk_why
  _lrk_why=
  _lrk_ls=$_lrk_src:$_lrk_line
  _lrk_lsub=$BASH_SUBSHELL
  _lrk_pd=$_lrk_fdp
  _lrk_serve "$@"
  [[ $_lrk_o != *e* ]] || set -e
  [[ $_lrk_o != *u* ]] || set -u
  [[ -z $_lrk_pf ]] || set -o pipefail
  return 0
}

# The stop's conversation with the adapter (see _lrk_stop, whose locals it uses).
_lrk_serve() {
  _lrk_frames 2
  _lrk_send stop "$_lrk_why_now" "$_lrk_det" "$BASHPID" "$BASH_SUBSHELL" "$_lrk_st" "$BASH_COMMAND" "$PWD" \
    "$_lrk_m" "$_lrk_md" "${_lrk_f[@]}" || {
    _lrk_off
    return 0
  }
  while _lrk_recv; do
    case $_lrk_c in
    go)
      _lrk_m=${_lrk_a[0]}
      _lrk_md=${_lrk_a[1]:-0}
      _lrk_sl=$_lrk_src:$_lrk_line
      _lrk_sf=$_lrk_fdp
      return 0
      ;;
    vars)
      # Every variable the stopped command sees, in declare -p's format (the adapter parses it).
      { printf 'vars\0%s\0' 1 && declare -p && printf '\0'; } >&"$_lrk_fd" 2>/dev/null
      ;;
    locals)
      _lrk_out=
      IFS= read -r -d '' _lrk_out <"$_lrk_dir/locals.$BASHPID" 2>/dev/null
      _lrk_send locals "$_lrk_out"
      ;;
    eval)
      # In a subshell of the stopped command: it sees every variable, $?, BASH_REMATCH and the positional
      # parameters, and changes nothing of the script's (not its options, traps or variables).
      (
        builtin trap - DEBUG ERR RETURN EXIT
        set +eTE
        IFS=$_lrk_ifs
        [[ $_lrk_o != *u* ]] || set -u
        [[ -z $_lrk_pf ]] || set -o pipefail
        _lrk_ret "$_lrk_st"
        eval "${_lrk_a[0]}"
      ) >|"$_lrk_tmp" 2>&1 </dev/null
      _lrk_rc=$?
      _lrk_out=
      IFS= read -r -d '' _lrk_out <"$_lrk_tmp"
      _lrk_send result "$_lrk_rc" "$_lrk_out"
      ;;
    set)
      # Set Value: the variable (or element) the stopped command sees, to the text given.
      _lrk_name=${_lrk_a[0]}
      if { printf -v "$_lrk_name" '%s' "${_lrk_a[1]}"; } 2>|"$_lrk_tmp"; then
        _lrk_send result 0 ""
      else
        _lrk_out=
        IFS= read -r -d '' _lrk_out <"$_lrk_tmp"
        _lrk_send result 1 "$_lrk_out"
      fi
      ;;
    table | ex | gen)
      # State sent while stopped (breakpoints changed): applied now, without waiting for `ready`.
      _lrk_apply_one
      ;;
    esac
  done
  _lrk_off
  return 0
}

# A `trap` command of the script's (seen before it runs): an ERR trap of its own takes precedence over the
# debugger's, which then stays out of its way (stopping on failures ends for this process); `trap - ERR` hands
# the place back. Read from the command's text, since in POSIX mode no function can stand in for `trap`.
_lrk_trapcmd() {
  local -a _lrk_w
  local _lrk_x _lrk_h=
  IFS=$' \t\n' read -ra _lrk_w <<<"$1"
  for _lrk_x in "${_lrk_w[@]:1}"; do
    [[ $_lrk_x == -- ]] && continue
    if [[ -z $_lrk_h ]]; then
      _lrk_h=$_lrk_x
      continue
    fi
    case $_lrk_x in
    ERR | err | SIGERR | \"ERR\" | \'ERR\')
      if [[ $_lrk_h == - ]]; then
        _lrk_uerr=
      else
        _lrk_errtrace off
        _lrk_uerr=1
      fi
      ;;
    esac
  done
  return 0
}

# Puts the DEBUG trap in: `quiet` sends what it runs to /dev/null, for when the script traces (set -x) and
# would otherwise trace the debugger's own commands into the log; `plain` saves that redirection on every
# command while it does not.
_lrk_arm() {
  if [[ $1 == quiet ]]; then _lrk_armed="{ $_lrk_trap; } 2>&$_lrk_null"; else _lrk_armed=$_lrk_trap; fi
  [[ $_lrk_m == off ]] || builtin trap "$_lrk_armed" DEBUG
}

# A `set` command of the script's that turns errtrace or xtrace on or off (-E, -x, -o errtrace, in any group).
_lrk_setcmd() {
  local -a _lrk_w
  local _lrk_x _lrk_prev=
  IFS=$' \t\n' read -ra _lrk_w <<<"$1"
  for _lrk_x in "${_lrk_w[@]:1}"; do
    case $_lrk_prev$_lrk_x in
    -oerrtrace | -*E*) _lrk_userE=1 ;;
    +oerrtrace | +*E*)
      _lrk_userE=
      _lrk_E=
      ;;
    esac
    case $_lrk_prev$_lrk_x in
    -oxtrace | -*x*) _lrk_arm quiet ;;
    +oxtrace | +*x*) _lrk_arm plain ;;
    esac
    _lrk_prev=
    [[ $_lrk_x != [-+]o ]] || _lrk_prev=$_lrk_x
  done
  return 0
}

# The debugger's ERR trap with errtrace, so that it reaches functions and subshells (`on`), or neither (`off`).
# Only while the script has no ERR trap of its own: with one, errtrace is the script's choice alone.
_lrk_errtrace() {
  if [[ $1 == on && -n $_lrk_ex && -z $_lrk_uerr && $_lrk_m != off ]]; then
    builtin trap "$_lrk_errtrap" ERR
    if [[ $- != *E* ]]; then
      set -E
      _lrk_E=1
    fi
  elif [[ $1 == off ]]; then
    [[ -n $_lrk_uerr ]] || builtin trap - ERR
    if [[ -n $_lrk_E && -z $_lrk_userE ]]; then set +E; fi
    _lrk_E=
  fi
  return 0
}

# Whether an `exec` command replaces the process (it has a command word, not only redirections).
_lrk_replaces() {
  local -a _lrk_w
  local _lrk_x _lrk_skip=
  IFS=$' \t\n' read -ra _lrk_w <<<"$1"
  for _lrk_x in "${_lrk_w[@]:1}"; do
    if [[ -n $_lrk_skip ]]; then
      _lrk_skip=
      continue
    fi
    case $_lrk_x in
    -a) _lrk_skip=1 ;;
    -*) ;;
    *[\<\>]) _lrk_skip=1 ;;
    *[\<\>]*) ;;
    *) return 0 ;;
    esac
  done
  return 1
}

# This process talks to the adapter (a new process opens its connection first); fails when it cannot.
_lrk_link() {
  [[ $_lrk_own == "$BASHPID" ]] && return 0
  _lrk_connect && return 0
  _lrk_off
  return 1
}

# The slow path of the DEBUG trap: something may need the adapter or a stop. Runs with the script's options
# off and puts them back; the arguments are the script's positional parameters.
_lrk_hit() {
  local _lrk_o=$- _lrk_pf= _lrk_src=${BASH_SOURCE[1]-} _lrk_line=${BASH_LINENO[0]} _lrk_ifs=${IFS-$' \t\n'} IFS=$' \t\n'
  local _lrk_fdp=$((${#BASH_SOURCE[@]} - 1)) _lrk_depth _lrk_entry=
  [[ -o pipefail ]] && _lrk_pf=1
  set +e +u +o pipefail
  _lrk_busy=1
  _lrk_why=
  _lrk_det=
  _lrk_depth=$((_lrk_fdp + BASH_SUBSHELL))
  [[ $BASH_COMMAND != trap\ * ]] || _lrk_trapcmd "$BASH_COMMAND"
  [[ $BASH_COMMAND != set\ * ]] || _lrk_setcmd "$BASH_COMMAND"
  if [[ $_lrk_src == "$_lrk_self" || $BASH_COMMAND == _lrk_* ]]; then
    : # the debugger's own code (the trap wrapper, the ERR trap's first command): never a place to stop
  elif [[ $BASH_COMMAND == exec\ * ]] && _lrk_replaces "$BASH_COMMAND"; then
    # The process becomes another program: its debugging ends here, the runtime goes on.
    if _lrk_link; then _lrk_send exec "$BASH_COMMAND"; fi
    _lrk_off
  else
    if [[ -e $_lrk_next ]]; then
      _lrk_link && _lrk_send sync && _lrk_apply
    fi
    if [[ $_lrk_m != off && -z ${_lrk_k[x$_lrk_src]-} ]]; then
      _lrk_link && _lrk_send resolve "$_lrk_src" "$PWD" && _lrk_apply
    fi
    # Bash fires the trap once more as a function is entered, at its header: stepping skips that one.
    if ((_lrk_fdp > _lrk_pd)) && [[ ${FUNCNAME[1]-} != source ]]; then _lrk_entry=1; fi
    _lrk_pd=$_lrk_fdp
    if [[ -n ${_lrk_b[$_lrk_src:$_lrk_line]-} ]] &&
      ! [[ $_lrk_src:$_lrk_line == "$_lrk_ls" && $BASH_SUBSHELL -gt $_lrk_lsub ]]; then
      _lrk_why=breakpoint
    fi
    case $_lrk_m in
    pause) _lrk_det=pause ;;
    in) [[ -n $_lrk_entry || ($_lrk_src:$_lrk_line == "$_lrk_sl" && $_lrk_fdp -le $_lrk_sf) ]] || _lrk_det=step ;;
    over) [[ -n $_lrk_entry ]] || ((_lrk_depth > _lrk_md)) || _lrk_det=step ;;
    out) [[ -n $_lrk_entry ]] || ((_lrk_depth >= _lrk_md)) || _lrk_det=step ;;
    esac
    [[ -n $_lrk_why ]] || _lrk_why=$_lrk_det
    # The trap stops (see _lrk_trap) when _lrk_why is still set on return.
    [[ -n $_lrk_why ]] && ! _lrk_link && _lrk_why=
  fi
  _lrk_busy=
  [[ $_lrk_o != *e* ]] || set -e
  [[ $_lrk_o != *u* ]] || set -u
  [[ -z $_lrk_pf ]] || set -o pipefail
  return 0
}

# The ERR trap: a command failed. Stops when the filters ask for it (under set -e, the runtime is about to
# exit: Lambda answers Runtime.ExitError).
_lrk_err() {
  local _lrk_o=$- _lrk_pf= _lrk_ifs=${IFS-$' \t\n'} IFS=$' \t\n'
  [[ -o pipefail ]] && _lrk_pf=1
  set +e +u +o pipefail
  _lrk_s=$_lrk_es
  _lrk_why=
  if [[ $_lrk_ex == *a* || ($_lrk_ex == *e* && $_lrk_o == *e*) ]]; then
    _lrk_why=exception
    if [[ $_lrk_o == *e* ]]; then _lrk_det=errexit; else _lrk_det=failed; fi
    _lrk_link || _lrk_why=
  fi
  [[ $_lrk_o != *e* ]] || set -e
  [[ $_lrk_o != *u* ]] || set -u
  [[ -z $_lrk_pf ]] || set -o pipefail
  return 0
}

# The slow path decides (_lrk_hit); a stop lists the stopped function's locals (`local` with no operand, which
# only the trap's own context can do) and talks to the adapter (_lrk_stop).
_lrk_trap='_lrk_s=$?; [[ ! -e $_lrk_next && -z $_lrk_m && ${_lrk_k[x${BASH_SOURCE-}]-} == 0 && $BASH_COMMAND != [et][xr][ea][cp]\ * && $BASH_COMMAND != set\ * ]] || { _lrk_hit 2>&$_lrk_null; [[ -z $_lrk_why ]] || { local >|"$_lrk_dir/locals.$BASHPID" 2>&$_lrk_null || :; _lrk_stop "$@" 2>&$_lrk_null; }; }'
# The ERR trap turns the DEBUG trap off while it runs (its own commands are not the script's) and keeps the
# failed command's status apart from the DEBUG trap's _lrk_s.
_lrk_errtrap='{ _lrk_es=$?; [[ -n $_lrk_ex && -z $_lrk_busy && $_lrk_m != off ]] && { builtin trap - DEBUG; _lrk_err; [[ -z $_lrk_why ]] || { local >|"$_lrk_dir/locals.$BASHPID" || :; _lrk_stop "$@"; }; [[ $_lrk_m == off ]] || builtin trap "$_lrk_armed" DEBUG; }; } 2>&$_lrk_null'

_lrk_k[x$_lrk_self]=0
if [[ -n $_lrk_port && -n $_lrk_dir ]] && _lrk_connect && _lrk_apply; then
  _lrk_errtrace on
  [[ -z $_lrk_posix ]] || set -o posix
  set -T
  # Last: from here on every command is the script's.
  if [[ $- == *x* ]]; then _lrk_arm quiet; else _lrk_arm plain; fi
else
  _lrk_off
  [[ -z $_lrk_posix ]] || set -o posix
fi

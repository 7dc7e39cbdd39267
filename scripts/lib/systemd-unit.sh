# Sourced by scripts/check-systemd-units.sh: what systemd would do to start a unit's process,
# read from the unit file itself, in a throw-away root $root (no running systemd needed).
#
#   unit_setting UNIT NAME       every NAME= value of UNIT, one a line
#   prepare_unit UNIT SERVICE INSTANCE UID
#       copies each LoadCredential= file (from $root) into $root/run/credentials/SERVICE (mode
#       0400, the service's user; the directory 0500), makes each StateDirectory= with its
#       StateDirectoryMode=, and sets the arrays `environment` (the Environment= lines with %i
#       and %d expanded, then the EnvironmentFile's lines, which systemd lets override them) and
#       `exec_start` (ExecStart= with %i and %d expanded, its binary under $root), and
#       `stop_timeout` (TimeoutStopSec=). Absolute paths under /var/lib/ in the environment are
#       moved into $root, where systemd would have mounted the state directory.
unit_setting() { grep -E "^$2=" "$1" | sed "s/^$2=//"; }

prepare_unit() {
  local unit=$1 service=$2 instance=$3 uid=$4
  local credentials=$root/run/credentials/$service
  local name path directory line value env_file
  expand() { sed -e "s|%i|$instance|g" -e "s|%d|$credentials|g"; }
  mkdir -p "$credentials"
  while IFS=: read -r name path; do
    [ -n "$name" ] || continue
    install -m 400 -o "$uid" -g "$uid" "$root$path" "$credentials/$name"
  done < <(unit_setting "$unit" LoadCredential)
  chown "$uid:$uid" "$credentials"
  chmod 500 "$credentials"
  for directory in $(unit_setting "$unit" StateDirectory); do
    install -d -m "$(unit_setting "$unit" StateDirectoryMode)" -o "$uid" -g "$uid" "$root/var/lib/$directory"
  done
  environment=()
  while read -r line; do
    [ -n "$line" ] || continue
    value=$(expand <<<"$line")
    environment+=("${value//=\/var\/lib\//=$root/var/lib/}")
  done < <(unit_setting "$unit" Environment)
  env_file=$(unit_setting "$unit" EnvironmentFile)
  while read -r line; do
    case $line in '' | '#'*) continue ;; esac
    environment+=("$line")
  done <"$root$env_file"
  read -r -a exec_start <<<"$(unit_setting "$unit" ExecStart | expand)"
  exec_start[0]=$root${exec_start[0]}
  stop_timeout=$(unit_setting "$unit" TimeoutStopSec)
}

# run_as_unit UID LOG: runs "${exec_start[@]}" with "${environment[@]}" in the background as the
# unit's process would be: unprivileged, no supplementary groups, no capabilities, no new
# privileges, nothing of this shell's environment. Sets UNIT_PID.
run_as_unit() {
  setpriv --reuid="$1" --regid="$1" --clear-groups --inh-caps=-all --no-new-privs \
    env -i PATH=/usr/bin:/bin "${environment[@]}" "${exec_start[@]}" >"$2" 2>&1 &
  UNIT_PID=$!
}

# shellcheck shell=bash disable=SC2034  # sourced: the variables are used by the scripts that source it
# The ansible-core versions the collection supports and is tested with (sourced by sanity.sh
# and smoke.sh). Each runs from its own venv in the harness cache, made on first use.
# meta/runtime.yml's requires_ansible names the oldest.
# ansible-core 2.20 needs Python >= 3.12 on the controller; the others run on 3.11.
ANSIBLE_VERSIONS=(2.16 2.17 2.18 2.19 2.20)
ANSIBLE_OLDEST=2.16
ANSIBLE_NEWEST=2.20

# The controller Python an ansible-core version is tested on.
ansible_core_python() {
    case "$1" in
        2.20) echo 3.12 ;;
        *) echo 3.11 ;;
    esac
}

# Print the venv holding ansible-core VERSION (the newest patch release) and the Docker SDK the
# modules check for (localhost is the managed node in the smoke run), making it if needed.
ansible_core_venv() {
    bash "$ROOT/tests/harness/venv.sh" "ansible-core-$1" "$(ansible_core_python "$1")" "ansible-core~=$1.0" "docker>=7"
}

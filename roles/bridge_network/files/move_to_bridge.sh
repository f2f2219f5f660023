#!/bin/sh
# Moves the NIC's IPv4 addresses and routes onto a bridge that holds the NIC, as one step, then
# checks that VERIFY (the default gateway unless given) still answers; when it does not,
# everything is put back as it was and the script fails. STATE=absent moves them back and removes
# the bridge the same way. Idempotent; DRY_RUN=true only reports.
# Environment: NIC (empty: the default-route interface, or the bridge's port when that is the
# bridge already), BRIDGE, KIND (linux, or ovs with DATAPATH for Open vSwitch), FIXED_CIDR (must
# lie in the NIC's subnet), VERIFY, STATE, DRY_RUN.
# Prints one JSON object: changed, interface, bridge, addresses, gateway.
# Used by the bridge_network and ovs_network roles.
set -u
NIC=${NIC:-} FIXED_CIDR=${FIXED_CIDR:-} VERIFY=${VERIFY:-} DRY_RUN=${DRY_RUN:-false}
KIND=${KIND:-linux} DATAPATH=${DATAPATH:-system} STATE=${STATE:-present}

fail() { printf '%s\n' "$*" >&2; exit 1; }
# shellcheck disable=SC2046 # split on the dots
ip2int() { set -- $(echo "$1" | tr . ' '); echo $(( (($1 * 256 + $2) * 256 + $3) * 256 + $4 )); }
# The bridge primitives, for a Linux bridge or an Open vSwitch bridge.
bridge_of() {
    if [ "$KIND" = ovs ]; then ovs-vsctl port-to-br "$1" 2>/dev/null
    else basename "$(readlink "/sys/class/net/$1/master" 2>/dev/null)"; fi
}
is_port_of() { [ "$(bridge_of "$1")" = "$2" ]; }
bridge_exists() {
    if [ "$KIND" = ovs ]; then ovs-vsctl br-exists "$BRIDGE"; else [ -d "/sys/class/net/$BRIDGE" ]; fi
}
bridge_ports() {
    if [ "$KIND" = ovs ]; then ovs-vsctl list-ports "$BRIDGE" 2>/dev/null
    else ls "/sys/class/net/$BRIDGE/brif" 2>/dev/null; fi
}
# The bridge keeps the NIC's MAC, so the LAN's ARP caches and DHCP leases stay valid.
create_bridge() {
    mac=$(cat "/sys/class/net/$NIC/address")
    if [ "$KIND" = ovs ]; then
        ovs-vsctl add-br "$BRIDGE" -- set bridge "$BRIDGE" datapath_type="$DATAPATH" other_config:hwaddr="$mac"
    else
        ip link add "$BRIDGE" type bridge && ip link set "$BRIDGE" address "$mac"
    fi
}
delete_bridge() {
    if [ "$KIND" = ovs ]; then ovs-vsctl del-br "$BRIDGE"; else ip link del "$BRIDGE"; fi
}
attach() {
    if [ "$KIND" = ovs ]; then ovs-vsctl add-port "$BRIDGE" "$NIC"; else ip link set "$NIC" master "$BRIDGE"; fi
}
detach() {
    if [ "$KIND" = ovs ]; then ovs-vsctl del-port "$BRIDGE" "$NIC"; else ip link set "$NIC" nomaster; fi
}
v4_addresses() { ip -o -4 addr show dev "$1" scope global | awk '{ print $4 }'; }
# Routes through the device that the kernel did not make itself (default route included).
v4_routes() { ip -4 route show dev "$1" | grep -v 'proto kernel'; }
gateway() { ip -4 route show default | awk '/ via / { print $3; exit }'; }
default_device() { ip -4 route show default | awk '{ for (i = 1; i < NF; i++) if ($i == "dev") { print $(i + 1); exit } }'; }

report() {  # changed addresses...
    changed=$1; shift
    list=$(printf '"%s", ' "$@" | sed 's/, $//')
    [ $# -gt 0 ] || list=
    printf '{"changed": %s, "interface": "%s", "bridge": "%s", "addresses": [%s], "gateway": "%s"}\n' \
        "$changed" "$NIC" "$BRIDGE" "$list" "$(gateway)"
}

pick_nic() {
    [ -n "$NIC" ] && return
    NIC=$(default_device)
    [ -n "$NIC" ] || fail "bridge_network_interface: no default route to take the NIC from; name it"
    if [ "$NIC" = "$BRIDGE" ]; then  # a rerun: the NIC is the bridge's port that is not a container's veth
        NIC=$(bridge_ports | grep -v '^veth' | head -n 1)
        [ -n "$NIC" ] || fail "bridge_network_interface: $BRIDGE holds the default route but no NIC; name it"
    fi
}

# FIXED_CIDR's network must sit inside the subnet of one of ADDRESSES.
check_fixed_cidr() {
    [ -n "$FIXED_CIDR" ] || return 0
    cidr_net=$(ip2int "${FIXED_CIDR%/*}"); cidr_len=${FIXED_CIDR#*/}
    for a in "$@"; do
        len=${a#*/}; size=$(( 1 << (32 - len) ))
        net=$(( $(ip2int "${a%/*}") / size * size ))
        [ "$cidr_len" -ge "$len" ] && [ $(( cidr_net / size * size )) -eq "$net" ] && return 0
    done
    fail "bridge_network_fixed_cidr: $FIXED_CIDR is not inside the LAN subnet of $NIC ($*); give a slice of it"
}

gateway_answers() {
    [ -n "$VERIFY" ] || return 0
    for _ in 1 2 3 4 5; do ping -c 1 -W 1 "$VERIFY" >/dev/null 2>&1 && return 0; done
    return 1
}

move() {  # FROM TO: addresses and routes of FROM onto TO
    for a in $addresses; do ip addr del "$a" dev "$1" && ip addr add "$a" brd + dev "$2"; done
    printf '%s\n' "$routes" | while read -r route; do
        # shellcheck disable=SC2086 # a route is several words
        [ -n "$route" ] && ip route replace $route dev "$2"
    done
}

# Undo: the addresses and routes go back to the NIC and the bridge is removed.
remove() {
    if ! is_port_of "$NIC" "$BRIDGE"; then report false; exit 0; fi
    addresses=$(v4_addresses "$BRIDGE")
    if [ "$DRY_RUN" = true ]; then
        # shellcheck disable=SC2086
        report true $addresses; exit 0
    fi
    routes=$(v4_routes "$BRIDGE")
    detach
    ip link set "$NIC" up
    move "$BRIDGE" "$NIC"
    if ! gateway_answers; then
        attach
        move "$NIC" "$BRIDGE"
        fail "bridge_network: $VERIFY did not answer through $NIC; $BRIDGE has its addresses back"
    fi
    [ -n "$(bridge_ports)" ] || delete_bridge
    # shellcheck disable=SC2086
    report true $addresses; exit 0
}

pick_nic
[ -d "/sys/class/net/$NIC" ] || fail "bridge_network_interface: no network interface $NIC on this host"
[ "$NIC" != "$BRIDGE" ] || fail "bridge_network_interface: $NIC is the bridge itself; name the NIC"
VERIFY=${VERIFY:-$(gateway)}
[ "$STATE" = present ] || remove

if is_port_of "$NIC" "$BRIDGE" && [ -z "$(v4_addresses "$NIC")" ]; then
    # shellcheck disable=SC2046
    set -- $(v4_addresses "$BRIDGE")
    check_fixed_cidr "$@"
    report false "$@"; exit 0
fi
master=$(bridge_of "$NIC")
[ -z "$master" ] || [ "$master" = "$BRIDGE" ] || fail "bridge_network_interface: $NIC is a port of $master already, not of $BRIDGE"
addresses=$(v4_addresses "$NIC")
[ -n "$addresses" ] || fail "bridge_network_interface: $NIC has no IPv4 address to move onto $BRIDGE"
# shellcheck disable=SC2086
check_fixed_cidr $addresses
if [ "$DRY_RUN" = true ]; then
    # shellcheck disable=SC2086
    report true $addresses; exit 0
fi
routes=$(v4_routes "$NIC")

created=false
if ! bridge_exists; then
    create_bridge || fail "cannot create bridge $BRIDGE"
    created=true
fi
ip link set "$BRIDGE" up
attach
move "$NIC" "$BRIDGE"

if ! gateway_answers; then
    move "$BRIDGE" "$NIC"
    detach
    [ "$created" = false ] || delete_bridge
    fail "bridge_network: $VERIFY did not answer through $BRIDGE; $NIC has its addresses back"
fi
# shellcheck disable=SC2086
report true $addresses

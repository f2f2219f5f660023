#!/bin/sh
# Reconciles one host's part of the Open vSwitch mesh with what the Open vSwitch database and the
# kernel hold now, changing only what differs:
#   OVS_BRIDGE (datapath DATAPATH) with one TUNNEL_TYPE port per peer (external_ids:dockyard=ovs_network),
#   flows that send what arrives from a tunnel only to the local port (a full mesh must not loop),
#   DOCKER_BRIDGE, a Linux bridge holding the first address of SUBNET and OVS_BRIDGE's internal port,
#   a route (proto PROTO) to each peer's container subnet through DOCKER_BRIDGE.
# STATE=absent removes all of that. DRY_RUN=true only reports. PEERS: "REMOTE_IP=SUBNET ..." lines.
# Prints one JSON object: changed, actions.
set -u
DRY_RUN=${DRY_RUN:-false} STATE=${STATE:-present} PEERS=${PEERS:-} MTU=${MTU:-1450} SUBNET=${SUBNET:-}
OVS_BRIDGE=${OVS_BRIDGE:-obr0} DOCKER_BRIDGE=${DOCKER_BRIDGE:-br0} TUNNEL_TYPE=${TUNNEL_TYPE:-gre} DATAPATH=${DATAPATH:-system}
PROTO=76         # marks the routes this script made, so stale ones can be found
COOKIE=0xd0c     # marks the flows this script made
TAG=external_ids:dockyard=ovs_network
ACTIONS=

fail() { printf '%s\n' "$*" >&2; exit 1; }
# Runs (or in check mode only records) one change.
act() {
    ACTIONS="$ACTIONS${ACTIONS:+, }\"$(echo "$*" | sed 's/"/\\"/g')\""
    [ "$DRY_RUN" = true ] || "$@" || fail "ovs_network: failed: $*"
}
port_name() {  # REMOTE_IP -> gre0a1c010c: the type and the address in hex (interface names stop at 15)
    # shellcheck disable=SC2046,SC2183 # the four octets
    printf '%s%02x%02x%02x%02x' "$(echo "$TUNNEL_TYPE" | cut -c1-5)" $(echo "$1" | tr . ' ')
}
ovs_get() { ovs-vsctl --if-exists get "$@" 2>/dev/null | tr -d '"'; }
managed_ports() { ovs-vsctl --bare --columns=name find interface "$TAG" 2>/dev/null | grep .; }
first_address() {  # 10.88.1.0/24 -> 10.88.1.1/24
    net=${1%/*}; echo "${net%.*}.$(( ${net##*.} + 1 ))/${1#*/}"
}

ensure_ovs_bridge() {
    if ! ovs-vsctl br-exists "$OVS_BRIDGE"; then
        act ovs-vsctl add-br "$OVS_BRIDGE" -- set bridge "$OVS_BRIDGE" datapath_type="$DATAPATH"
    elif [ "$(ovs_get bridge "$OVS_BRIDGE" datapath_type)" != "$DATAPATH" ]; then
        act ovs-vsctl set bridge "$OVS_BRIDGE" datapath_type="$DATAPATH"
    fi
}

ensure_tunnels() {
    wanted=
    for peer in $PEERS; do
        remote=${peer%%=*}; port=$(port_name "$remote"); wanted="$wanted $port"
        if [ -z "$(ovs_get interface "$port" type)" ]; then
            act ovs-vsctl add-port "$OVS_BRIDGE" "$port" -- set interface "$port" type="$TUNNEL_TYPE" \
                options:remote_ip="$remote" "$TAG"
        elif [ "$(ovs_get interface "$port" type)" != "$TUNNEL_TYPE" ] \
            || [ "$(ovs_get interface "$port" options:remote_ip)" != "$remote" ]; then
            act ovs-vsctl set interface "$port" type="$TUNNEL_TYPE" options:remote_ip="$remote"
        fi
    done
    for port in $(managed_ports); do
        case " $wanted " in *" $port "*) ;; *) act ovs-vsctl del-port "$port" ;; esac
    done
}

# Split horizon: a frame from a tunnel goes to the local port only, never out of another tunnel.
ensure_flows() {
    want="cookie=$COOKIE priority=20 in_port=LOCAL actions=NORMAL|cookie=$COOKIE priority=10 actions=LOCAL"
    have=$(ovs-ofctl dump-flows --no-stats "$OVS_BRIDGE" "cookie=$COOKIE/-1" 2>/dev/null \
           | sed 's/^ *//; s/, */ /g; s/ table=0//' | sort | paste -sd'|')
    sorted_want=$(echo "$want" | tr '|' '\n' | sort | paste -sd'|')
    [ "$have" = "$sorted_want" ] && return
    [ -z "$have" ] || act ovs-ofctl del-flows "$OVS_BRIDGE" "cookie=$COOKIE/-1"
    act ovs-ofctl add-flow "$OVS_BRIDGE" "cookie=$COOKIE,priority=20,in_port=LOCAL,actions=NORMAL"
    act ovs-ofctl add-flow "$OVS_BRIDGE" "cookie=$COOKIE,priority=10,actions=LOCAL"
}

ensure_docker_bridge() {
    address=$(first_address "$SUBNET")
    [ -d "/sys/class/net/$DOCKER_BRIDGE" ] || act ip link add "$DOCKER_BRIDGE" type bridge
    ip -o -4 addr show dev "$DOCKER_BRIDGE" 2>/dev/null | grep -q " $address " \
        || act ip addr add "$address" dev "$DOCKER_BRIDGE"
    [ "$(cat "/sys/class/net/$OVS_BRIDGE/mtu" 2>/dev/null)" = "$MTU" ] || act ip link set "$OVS_BRIDGE" mtu "$MTU"
    [ "$(basename "$(readlink "/sys/class/net/$OVS_BRIDGE/master" 2>/dev/null)")" = "$DOCKER_BRIDGE" ] \
        || act ip link set "$OVS_BRIDGE" master "$DOCKER_BRIDGE"
    for link in "$OVS_BRIDGE" "$DOCKER_BRIDGE"; do
        ip link show "$link" 2>/dev/null | grep -q '[<,]UP[,>]' || act ip link set "$link" up
    done
}

ensure_routes() {
    wanted=
    for peer in $PEERS; do
        subnet=${peer#*=}; wanted="$wanted $subnet"
        ip -4 route show "$subnet" dev "$DOCKER_BRIDGE" proto "$PROTO" 2>/dev/null | grep -q . \
            || act ip route replace "$subnet" dev "$DOCKER_BRIDGE" proto "$PROTO"
    done
    for subnet in $(ip -4 route show proto "$PROTO" | awk '{ print $1 }'); do
        case " $wanted " in *" $subnet "*) ;; *) act ip route del "$subnet" proto "$PROTO" ;; esac
    done
}

remove_all() {
    for subnet in $(ip -4 route show proto "$PROTO" | awk '{ print $1 }'); do
        act ip route del "$subnet" proto "$PROTO"
    done
    ! ovs-vsctl br-exists "$OVS_BRIDGE" || act ovs-vsctl del-br "$OVS_BRIDGE"
    for port in $(managed_ports); do act ovs-vsctl del-port "$port"; done
    if [ -d "/sys/class/net/$DOCKER_BRIDGE" ]; then
        [ -n "$(ls "/sys/class/net/$DOCKER_BRIDGE/brif")" ] \
            && fail "ovs_network: $DOCKER_BRIDGE still holds ports (containers?); stop them or point dockerd elsewhere first"
        act ip link del "$DOCKER_BRIDGE"
    fi
}

if ! ovs-vsctl --timeout=10 show >/dev/null 2>&1; then
    # Check mode before Open vSwitch was started: everything is still to be made.
    [ "$DRY_RUN" = true ] && [ "$STATE" = present ] && { echo '{"changed": true, "actions": ["build all (Open vSwitch not running yet)"]}'; exit 0; }
    fail "ovs_network: ovs-vsctl cannot reach ovsdb-server; is Open vSwitch running?"
fi
if [ "$STATE" = absent ]; then
    remove_all
else
    ensure_ovs_bridge
    ensure_tunnels
    ensure_flows
    ensure_docker_bridge
    ensure_routes
fi
printf '{"changed": %s, "actions": [%s]}\n' "$([ -n "$ACTIONS" ] && echo true || echo false)" "$ACTIONS"

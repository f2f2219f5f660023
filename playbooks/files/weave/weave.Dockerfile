# The router image (weave): upstream's recipe is FROM alpine, which cannot be pulled where this
# is built, so a Debian base gets the same tools from Debian's packages, plus libpcap for the
# sleeve overlay (weaver links it dynamically).
ARG BASE=debian:bookworm
FROM ${BASE}
RUN apt-get update \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
      curl iptables ipset iproute2 conntrack dnsutils ca-certificates libpcap0.8 \
 && apt-get clean && rm -rf /var/lib/apt/lists/* /var/cache/apt/archives/*.deb
COPY weave weaver /home/weave/
COPY weaveutil /usr/bin/
COPY weavedata.db /weavedb/
WORKDIR /home/weave
ENTRYPOINT ["/home/weave/weaver"]

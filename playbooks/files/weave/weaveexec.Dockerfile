# The image the weave script runs its commands in (weaveexec): the router image plus the signal
# proxy and the weavewait binaries that `weave launch` publishes through a volume container.
ARG WEAVE_IMAGE
FROM ${WEAVE_IMAGE}
COPY sigproxy symlink /home/weave/
COPY weavewait /w/w
COPY weavewait_noop /w-noop/w
COPY weavewait_nomcast /w-nomcast/w
WORKDIR /home/weave
ENTRYPOINT ["/home/weave/sigproxy", "/home/weave/weave"]

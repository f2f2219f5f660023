# weavedb: a data-only image; `weave launch` makes the container that keeps the router's state
# from it. Docker does not save an image without a layer, so it holds this file.
FROM scratch
COPY Dockerfile /
ENTRYPOINT ["data-only"]

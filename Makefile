# paylink: the two quick-start commands (make demo, make test) and the benchmarks.
# Each target installs what is missing first (Debian packages through apt-get).

SWIFT ?= swift

.PHONY: deps build demo test bench image lint clean

deps:
	@scripts/install-deps.sh

# paylink is the production binary; paylink-dev holds `paylink mock-api` and `paylink demo`.
build: deps
	@scripts/build-release.sh

demo: build
	.build/release/paylink demo

test: deps
	@scripts/test.sh

# The runtime container image as an OCI layout in .build/image/oci, built without a container
# engine (mmdebstrap, umoci), then run from its own rootfs against a private Redis (needs root).
image: deps
	@scripts/build-image.sh

bench:
	@scripts/install-deps.sh nginx-light wrk libjemalloc2
	@Benchmarks/run-e2e.sh

lint:
	$(SWIFT) format lint -r Sources Tests

clean:
	rm -rf .build

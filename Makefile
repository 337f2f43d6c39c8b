# Turnout's everyday commands. `make run` and `make test` set the machine up first (scripts/setup.sh is
# idempotent), so each is the single command a newcomer needs.

SWIFT ?= swift
TURNOUT = .build/debug/turnout
MANIFEST ?= manifests/stage2.yaml
OUT ?= out

.PHONY: setup build run run-docker generate test format lint embed clean

setup:
	bash scripts/setup.sh

build:
	$(SWIFT) build

# The main job on the embedded default: a real deploy of the Stage-2 manifest on the local runtime
# (again: a canary of a new revision under load). See scripts/run.sh.
run: setup
	MANIFEST=$(MANIFEST) bash scripts/run.sh

# The same stack as containers on this host's Docker Engine (started by hand here; images built locally, no
# registry): manifests/stage2-docker.yaml on ports of its own, beside `make run`'s stack.
run-docker: setup
	bash scripts/dockerd.sh start
	MANIFEST=manifests/stage2-docker.yaml STATE=$${STATE:-.turnout-docker} bash scripts/run.sh

# nginx, compose and Kubernetes files for a manifest, into $(OUT)/.
generate: build
	$(TURNOUT) generate all $(MANIFEST) -o $(OUT)

# Suites run one after another: the end-to-end ones start nginx, databases and load generators, and running
# them side by side on two cores would measure the machine rather than Turnout.
test: setup
	bash scripts/dockerd.sh start
	$(SWIFT) build --build-tests
	$(SWIFT) test --no-parallel

# Re-embed templates/ and strategies/ into the binary (a test fails when the embedded copies are stale).
embed:
	python3 scripts/embed-resources.py

format:
	$(SWIFT) format --in-place --recursive --configuration .swift-format Sources Tests Package.swift

lint:
	$(SWIFT) format lint --strict --recursive --configuration .swift-format Sources Tests Package.swift

clean:
	rm -rf .build $(OUT)

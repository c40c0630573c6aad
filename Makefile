# auth0-wizard: `make run` opens the wizard, `make test` runs every test.
# Both install what is missing first (scripts/bootstrap.sh).

SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
CARGO ?= cargo
export CARGO_TERM_COLOR ?= never
# Where bootstrap puts a newer Node.js when the system's is too old (scripts/lib/node.sh);
# first on PATH, so that every step below uses it.
export NODE_TOOLS ?= $(CURDIR)/scripts/node
export PATH := $(NODE_TOOLS)/bin:$(PATH)

.PHONY: run test bootstrap ui lint unit ui-test setup-test e2e bench package package-check screenshots bindings clean

run: bootstrap ui
	$(CARGO) build -p auth0-wizard-app
	./target/debug/auth0-wizard-app

test: bootstrap ui lint unit ui-test setup-test e2e
	@echo "make test: all passed"

bootstrap:
	@bash scripts/bootstrap.sh

# The front end is compiled into the app, so it is built before any Rust that embeds it.
ui:
	npm --prefix ui run build

lint:
	$(CARGO) fmt --all -- --check
	$(CARGO) clippy --workspace --all-targets --locked -- -D warnings

# One build of the workspace serves every Rust test and the end-to-end test: the same packages
# with the same features (tests/e2e/run.sh builds with these same arguments, so after `unit` it
# builds nothing). The mock-runtime tests need tauri's `test` feature, which must stay out of
# the app binary the end-to-end test drives: they run last, in a build that differs only by
# that feature (tauri and the crates on it are built again, nothing else).
CARGO_TESTS := --workspace --locked --exclude auth0-wizard-app-ipc-tests
export CARGO_TESTS
# Both under a temporary HOME that must stay empty: tests never write into the user's home.
unit:
	bash tests/setup/no-home-writes.sh $(CARGO) test $(CARGO_TESTS)
	bash tests/setup/no-home-writes.sh $(CARGO) test --workspace --locked --test ipc

ui-test:
	npm --prefix ui run check
	npm --prefix ui test

# The set-up on Debian 12's own Node.js 18 and npm 9 (fetched with apt-get download, run
# unpacked in a mount namespace): bootstrap brings a newer Node and the UI builds with it.
setup-test:
	bash tests/setup/node18.sh

# The real app in a real window: tauri-driver + WebKitWebDriver under Xvfb, inside
# its own D-Bus session (see tests/e2e/run.sh).
e2e:
	bash tests/e2e/run.sh

# Measures, never asserts: export speed per format, the live-check suite against
# its critical path, and the release app against a bare Tauri window.
bench: bootstrap ui
	$(CARGO) bench -p auth0-wizard-core --bench export
	bash scripts/bench-checks.sh
	bash scripts/bench-app.sh

# Refreshes the README's screenshots from the last end-to-end run (make e2e).
screenshots:
	@test -d artifacts/e2e || { echo "run make e2e first" >&2; exit 1; }
	mkdir -p docs/screenshots
	for s in happy-02-target happy-03-requirements validation-04-domain-error \
	         happy-05-checks-passed wrong-secret-05-secret-rejected happy-06-login-claims \
	         happy-07-export-preview keyring-12-secret-from-keyring hung-05-timed-out; do \
	  cp artifacts/e2e/$$s.png docs/screenshots/$$s.png; done

# The .deb (target/release/bundle/deb/auth0-wizard_<version>_<arch>.deb): the app and the
# `auth0-wizard` CLI, their manual pages, the CLI's completions (scripts/package-deb.sh).
package: bootstrap ui
	bash scripts/package-deb.sh

# The .deb through lintian (no error, no warning) and what it must contain (release build: several
# minutes, so not part of `make test`).
package-check: package
	bash tests/setup/deb-check.sh

# Regenerates what the UI takes from Rust: the TypeScript types and the target
# catalog the first step is pre-rendered from (tests fail while they are stale).
bindings:
	UPDATE_BINDINGS=1 $(CARGO) test -p auth0-wizard-app --test bindings --test ui_catalog -- fresh

clean:
	$(CARGO) clean
	rm -rf ui/dist

# auth0-wizard: `make run` opens the wizard, `make test` runs every test.
# Both install what is missing first (scripts/bootstrap.sh).

SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
CARGO ?= cargo
export CARGO_TERM_COLOR ?= never

.PHONY: run test bootstrap ui lint unit ui-test e2e bench package screenshots bindings clean

run: bootstrap ui
	$(CARGO) build -p auth0-wizard-app
	./target/debug/auth0-wizard-app

test: bootstrap ui lint unit ui-test e2e
	@echo "make test: all passed"

bootstrap:
	@bash scripts/bootstrap.sh

# The front end is compiled into the app, so it is built before any Rust that embeds it.
ui:
	npm --prefix ui run build

lint:
	$(CARGO) fmt --all -- --check
	$(CARGO) clippy --workspace --all-targets --locked -- -D warnings

unit:
	$(CARGO) test --workspace --locked

ui-test:
	npm --prefix ui run check
	npm --prefix ui test

# The real app in a real window: tauri-driver + WebKitWebDriver under Xvfb, inside
# its own D-Bus session (see tests/e2e/run.sh).
e2e:
	$(CARGO) build -p auth0-wizard-app --locked
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

# The .deb (target/release/bundle/deb/): the app and the `auth0-wizard` CLI. The UI is
# built by the `ui` prerequisite, so the Tauri CLI's beforeBuildCommand is switched off.
package: bootstrap ui
	$(CARGO) build --release --locked -p auth0-wizard-cli
	ui/node_modules/.bin/tauri build --bundles deb --config '{"build":{"beforeBuildCommand":""}}'
	@ls -l target/release/bundle/deb/*.deb

# Regenerates what the UI takes from Rust: the TypeScript types and the target
# catalog the first step is pre-rendered from (tests fail while they are stale).
bindings:
	UPDATE_BINDINGS=1 $(CARGO) test -p auth0-wizard-core --test bindings
	UPDATE_BINDINGS=1 $(CARGO) test -p auth0-wizard-app --test bindings --test ui_catalog -- fresh

clean:
	$(CARGO) clean
	rm -rf ui/dist

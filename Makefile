# The README's commands. `make demo` and `make test` install what they need on Debian first.
PREFIX ?= /usr/local
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
# msmtp, python3-aiosmtpd, curl and openssl: the notification tests' loopback SMTP and webhook servers and clients.
DEBIAN_PACKAGES := libgit2-dev libsodium-dev libdeflate-dev pkg-config git openssh-client gnupg strace \
	msmtp python3-aiosmtpd curl openssl

.PHONY: deps demo test build release generated install uninstall bench

deps:
	@if ! pkg-config --exists libgit2 libsodium libdeflate || ! command -v ssh-keygen >/dev/null || ! command -v gpg >/dev/null || ! command -v strace >/dev/null \
		|| ! command -v msmtp >/dev/null || ! command -v curl >/dev/null || ! command -v openssl >/dev/null \
		|| ! /usr/bin/python3 -c 'import aiosmtpd' 2>/dev/null; then \
		echo "Installing $(DEBIAN_PACKAGES) with apt-get"; \
		$(SUDO) apt-get update -qq && $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $(DEBIAN_PACKAGES); \
	fi

demo: deps
	swift run handoff demo

test: deps
	swift test

build: deps
	swift build

# The installed binary links the Swift runtime and Foundation statically: it starts in about
# 16 ms instead of 28 ms, which every hook invocation pays.
RELEASE_FLAGS := -c release --static-swift-stdlib --scratch-path .build-release

release: deps
	swift build $(RELEASE_FLAGS) --product handoff

# Generated from the commands themselves with swift-argument-parser's tools, using the built binary:
# generate-manual (the tool behind its generate-manual plugin, built from the package's own
# checkout, so offline) reads `handoff --experimental-dump-help`; completions come from
# `handoff --generate-completion-script`.
GENERATED := .build-release/share

generated: release
	swift build $(RELEASE_FLAGS) --product generate-manual
	rm -rf "$(GENERATED)" && mkdir -p "$(GENERATED)/man" "$(GENERATED)/completions"
	"$(BIN)/generate-manual" "$(BIN)/handoff" --output-directory "$(GENERATED)/man" --section 1
	"$(BIN)/handoff" --generate-completion-script bash > "$(GENERATED)/completions/handoff.bash"
	"$(BIN)/handoff" --generate-completion-script zsh > "$(GENERATED)/completions/_handoff"
	"$(BIN)/handoff" --generate-completion-script fish > "$(GENERATED)/completions/handoff.fish"

BIN = $$(swift build $(RELEASE_FLAGS) --show-bin-path)
INSTALLED := bin/handoff share/man/man1/handoff.1 share/bash-completion/completions/handoff \
	share/zsh/site-functions/_handoff share/fish/vendor_completions.d/handoff.fish
ROOT = $(DESTDIR)$(PREFIX)

install: generated
	install -d "$(ROOT)/bin" "$(ROOT)/share/man/man1" "$(ROOT)/share/bash-completion/completions" \
		"$(ROOT)/share/zsh/site-functions" "$(ROOT)/share/fish/vendor_completions.d" "$(ROOT)/share/handoff"
	install -m 755 "$(BIN)/handoff" "$(ROOT)/bin/handoff"
	install -m 644 "$(GENERATED)/man/handoff.1" "$(ROOT)/share/man/man1/handoff.1"
	install -m 644 "$(GENERATED)/completions/handoff.bash" "$(ROOT)/share/bash-completion/completions/handoff"
	install -m 644 "$(GENERATED)/completions/_handoff" "$(ROOT)/share/zsh/site-functions/_handoff"
	install -m 644 "$(GENERATED)/completions/handoff.fish" "$(ROOT)/share/fish/vendor_completions.d/handoff.fish"
	rm -rf "$(ROOT)/share/handoff/hooks" "$(ROOT)/share/handoff/templates"
	cp -RL hooks templates "$(ROOT)/share/handoff/"

uninstall:
	rm -f $(addprefix "$(ROOT)/,$(addsuffix ",$(INSTALLED)))
	rm -rf "$(ROOT)/share/handoff"

# The benchmark against plain git, with the same statically linked binary `make install`
# installs. BENCH picks sizes and runs, e.g. make bench BENCH="--size all --runs 5".
BENCH ?= --size small --runs 3

bench: deps
	swift build $(RELEASE_FLAGS) --product handoff
	swift build $(RELEASE_FLAGS) --product handoff-bench
	"$$(swift build $(RELEASE_FLAGS) --show-bin-path)/handoff-bench" $(BENCH)

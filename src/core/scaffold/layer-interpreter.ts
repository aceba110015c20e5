// The interpreter a layered Node.js or Python runtime brings. provided.al2023 and provided.al2 have no node or
// python3, so the runtime layer must carry one in bin/ (Lambda extracts it to /opt/bin, which is on PATH): the
// layer's Makefile (BuildMethod makefile, run by `sam build` and by this kit's emulator and packager) downloads a
// relocatable Linux build once into the layer's folder, checks it against the checksums its publisher lists,
// and copies it with the bootstrap into ARTIFACTS_DIR, the folder that becomes the layer.
import type { Architecture } from '../lint/types';
import type { Language, ScaffoldOptions } from './types';

/** The relocatable builds a layer downloads; the same for every scaffold, so a version bump is one line here. */
export const NODE_VERSION = '22.14.0';
export const PYTHON_VERSION = '3.13.3';
const PYTHON_RELEASE = '20250409';

interface Interpreter {
  /** The command the bootstrap's shebang runs. */
  readonly command: string;
  /** Who builds it, for the README. */
  readonly origin: string;
  /** Files of the layer's folder that the download makes (for .gitignore, relative to the layer folder). */
  readonly downloaded: readonly string[];
  readonly makefile: (options: ScaffoldOptions, layer: string) => string;
}

const NODE_ARCH: Record<Architecture, string> = { x86_64: 'x64', arm64: 'arm64' };
const PYTHON_ARCH: Record<Architecture, string> = { x86_64: 'x86_64', arm64: 'aarch64' };

function header(options: ScaffoldOptions, layer: string, what: string): string[] {
  return [
    `# The layer ${layer} as Lambda extracts it to /opt: the runtime's bootstrap (/opt/bootstrap) and ${what}`,
    `# in bin/ (/opt/bin is on PATH), which ${options.base} does not have. \`sam build\` and lambda-runtime-kit run`,
    `# \`make build-${layer}\` with ARTIFACTS_DIR, the folder that becomes the layer; plain \`make\` only downloads.`,
  ];
}

const NODE: Interpreter = {
  command: 'node',
  origin: "nodejs.org's Node.js",
  downloaded: ['bin/node', '.download/'],
  makefile: (options, layer) =>
    [
      ...header(options, layer, 'Node.js'),
      '#',
      `# bin/node is nodejs.org's Linux ${NODE_ARCH[options.architecture]} build, downloaded once and checked against the release's`,
      "# SHASUMS256.txt. Another build will do: put it at bin/node and make keeps it (a link to this machine's node",
      `# is fine for local runs, but Lambda needs a Linux ${options.architecture} node that runs on ${options.base}).`,
      `NODE_VERSION := ${NODE_VERSION}`,
      `NODE_BUILD := node-v$(NODE_VERSION)-linux-${NODE_ARCH[options.architecture]}`,
      'NODE_URL := https://nodejs.org/dist/v$(NODE_VERSION)',
      '',
      '.PHONY: all ' + `build-${layer}`,
      'all: bin/node',
      '',
      `build-${layer}: bin/node`,
      '\tcp bootstrap "$(ARTIFACTS_DIR)/"',
      '\tcp -R bin "$(ARTIFACTS_DIR)/"',
      '',
      'bin/node:',
      '\t@echo "Downloading $(NODE_BUILD) from $(NODE_URL) (once)"',
      '\trm -rf .download && mkdir -p .download bin',
      '\tcurl -fsSL -o .download/$(NODE_BUILD).tar.gz "$(NODE_URL)/$(NODE_BUILD).tar.gz" || \\',
      `\t  { echo "No download (offline?): put a Linux ${NODE_ARCH[options.architecture]} node at $(CURDIR)/bin/node to skip it." >&2; exit 1; }`,
      '\tcurl -fsSL -o .download/SHASUMS256.txt "$(NODE_URL)/SHASUMS256.txt"',
      '\tcd .download && grep " $(NODE_BUILD).tar.gz$$" SHASUMS256.txt | sha256sum -c -',
      '\ttar -xzf .download/$(NODE_BUILD).tar.gz -C bin --strip-components=2 $(NODE_BUILD)/bin/node',
      '\trm -rf .download',
      '',
    ].join('\n'),
};

const PYTHON: Interpreter = {
  command: 'python3',
  origin: "python-build-standalone's CPython (the relocatable build uv installs; its lib/ comes beside bin/)",
  downloaded: ['bin/', 'lib/', '.download/'],
  makefile: (options, layer) =>
    [
      ...header(options, layer, 'Python'),
      '#',
      `# bin/python3 and lib/ are python-build-standalone's CPython for ${PYTHON_ARCH[options.architecture]} Linux (relocatable: it finds`,
      "# its lib/ beside its bin/, so at /opt too), downloaded once and checked against the release's SHA256SUMS.",
      "# Another build will do: put it at bin/python3 (and its lib/) and make keeps it (a link to this machine's",
      `# python3 is fine for local runs, but Lambda needs a Linux ${options.architecture} Python that runs on ${options.base}).`,
      `PYTHON_VERSION := ${PYTHON_VERSION}`,
      `PYTHON_RELEASE := ${PYTHON_RELEASE}`,
      `PYTHON_BUILD := cpython-$(PYTHON_VERSION)+$(PYTHON_RELEASE)-${PYTHON_ARCH[options.architecture]}-unknown-linux-gnu-install_only_stripped`,
      'PYTHON_URL := https://github.com/astral-sh/python-build-standalone/releases/download/$(PYTHON_RELEASE)',
      '',
      '.PHONY: all ' + `build-${layer}`,
      'all: bin/python3',
      '',
      `build-${layer}: bin/python3`,
      '\tcp bootstrap "$(ARTIFACTS_DIR)/"',
      '\tcp -R bin "$(ARTIFACTS_DIR)/"',
      '\tif [ -d lib ]; then cp -R lib "$(ARTIFACTS_DIR)/"; fi',
      '',
      'bin/python3:',
      '\t@echo "Downloading $(PYTHON_BUILD) from $(PYTHON_URL) (once)"',
      '\trm -rf .download && mkdir -p .download',
      '\tcurl -fsSL -o .download/$(PYTHON_BUILD).tar.gz "$(PYTHON_URL)/$(PYTHON_BUILD).tar.gz" || \\',
      `\t  { echo "No download (offline?): put a Linux ${PYTHON_ARCH[options.architecture]} python3 at $(CURDIR)/bin/python3 (and its lib/) to skip it." >&2; exit 1; }`,
      '\tcurl -fsSL -o .download/SHA256SUMS "$(PYTHON_URL)/SHA256SUMS"',
      '\tcd .download && grep " $(PYTHON_BUILD).tar.gz$$" SHA256SUMS | sha256sum -c -',
      '\ttar -xzf .download/$(PYTHON_BUILD).tar.gz --strip-components=1 python/bin python/lib',
      '\trm -rf .download',
      '',
    ].join('\n'),
};

const INTERPRETERS: Partial<Record<Language, Interpreter>> = { node: NODE, python: PYTHON };

/** The interpreter the layer of `language` must bring, or undefined (bash runs on the base's own bash). */
export function layerInterpreter(language: Language): Interpreter | undefined {
  return INTERPRETERS[language];
}

/**
 * Why `options` cannot be scaffolded as a layer that brings its interpreter, or undefined: nodejs.org's builds
 * need glibc 2.28 and Amazon Linux 2 has 2.26.
 */
export function layerInterpreterProblem(options: ScaffoldOptions): string | undefined {
  if (options.language === 'node' && options.base === 'provided.al2') {
    return (
      "A Node.js runtime in a layer is scaffolded for provided.al2023: the layer brings nodejs.org's node, which " +
      "needs glibc 2.28, and provided.al2 has 2.26. Use --base provided.al2023, or --image (it takes Lambda's own " +
      'Amazon Linux 2 node).'
    );
  }
  return undefined;
}

// Which commands exist on Lambda's OS-only bases, for `interpreter-missing` and `missing-tool`.
//
// Where this comes from (public AWS documentation and issue threads, found with a search tool; the images were not
// run here):
//  - provided.al2023 is built on the AL2023-minimal container image: microdnf as package manager (`dnf` is a link
//    to it), curl-minimal and gnupg2-minimal, no Python (AWS, github.com/aws/aws-lambda-base-images issues 59 and
//    92; docs.aws.amazon.com/linux/al2023/ug/curl-minimal.html). The `rpm -qa` of a Lambda AL2023 image
//    (github.com/amazonlinux/amazon-linux-2023 issue 585) lists bash, coreutils-single, curl-minimal, gawk, grep,
//    sed, gnupg2-minimal and no findutils, gzip, tar, which, procps, jq, python3 or awscli.
//  - provided.al2 is built on amazonlinux:2, whose image installs bash, coreutils, yum (and so python2.7, rpm),
//    vim-minimal, curl and little else (github.com/amazonlinux/container-images issues 13, 15 and 29: no tar,
//    no sudo); Dockerfiles for it install jq, tar, python3, git... with yum.
//  - provided (Amazon Linux 2018.03, deprecated) carried the older, larger Lambda environment (Python 2.7, Perl).
// A command in neither list of a base is unknown and never reported: no false alarm for what this table omits.
import type { TargetBase } from '../types';
import type { RuntimeTarget } from '../../project/types';

interface BaseTools {
  readonly present: ReadonlySet<string>;
  readonly absent: ReadonlySet<string>;
  /** How to install a missing command on this base: `dnf install -y jq`. */
  readonly install: (command: string) => string | undefined;
}

const COREUTILS = `[ arch b2sum base32 base64 basename basenc cat chcon chgrp chmod chown chroot cksum comm cp csplit cut
  date dd df dir dircolors dirname du echo env expand expr factor false fmt fold groups head hostid id install join
  link ln logname ls md5sum mkdir mkfifo mknod mktemp mv nice nl nohup nproc numfmt od paste pathchk pinky pr
  printenv printf ptx pwd readlink realpath rm rmdir runcon seq sha1sum sha224sum sha256sum sha384sum sha512sum
  shred shuf sleep sort split stat stdbuf stty sum sync tac tail tee test timeout touch tr true truncate tsort tty
  uname unexpand uniq unlink users vdir wc who whoami yes`;

const words = (list: string): Set<string> => new Set(list.split(/\s+/).filter((word) => word !== ''));

// Interpreters and tools that none of the bases has unless the image (or a layer) adds them.
const NEVER_PRESENT = `node nodejs npm npx deno bun ruby gem bundle php java javac dotnet pwsh lua luajit Rscript
  jq yq aws sam zip unzip git wget make gcc cc g++ sudo zsh ksh fish dash tcsh`;

const AL2023: BaseTools = {
  present: words(`${COREUTILS} sh bash curl grep egrep fgrep awk gawk sed rpm microdnf dnf gpg gpgv`),
  absent: words(`${NEVER_PRESENT} python python2 python3 pip pip3 perl find xargs tar gzip gunzip zcat which ps pgrep
    pkill kill hostname file less more vi vim diff cmp openssl nc ncat ssh scp getopt uuidgen flock bc sqlite3 xz
    bzip2 yum`),
  install: (command) => `dnf install -y ${AL2023_PACKAGES[command] ?? command}`,
};

const AL2: BaseTools = {
  present: words(`${COREUTILS} sh bash curl grep egrep fgrep awk gawk sed rpm yum python python2 python2.7 vi`),
  absent: words(`${NEVER_PRESENT} python3 pip3 perl tar dnf microdnf`),
  install: (command) =>
    AL2_PACKAGES[command] === null ? undefined : `yum install -y ${AL2_PACKAGES[command] ?? command}`,
};

const AL1: BaseTools = {
  present: words(`${COREUTILS} sh bash curl grep egrep fgrep awk gawk sed rpm python python2 python2.7 perl tar gzip
    find xargs`),
  absent: words(`${NEVER_PRESENT} python3`),
  install: () => undefined,
};

const AL2023_PACKAGES: Readonly<Record<string, string>> = {
  python: 'python3',
  pip: 'python3-pip',
  pip3: 'python3-pip',
  node: 'nodejs',
  npm: 'nodejs',
  npx: 'nodejs',
  aws: 'awscli-2',
  find: 'findutils',
  xargs: 'findutils',
  gunzip: 'gzip',
  zcat: 'gzip',
  ps: 'procps-ng',
  pgrep: 'procps-ng',
  pkill: 'procps-ng',
  kill: 'util-linux',
  getopt: 'util-linux',
  flock: 'util-linux',
  uuidgen: 'util-linux',
  more: 'util-linux',
  diff: 'diffutils',
  cmp: 'diffutils',
  vi: 'vim-minimal',
  vim: 'vim-enhanced',
  nc: 'nmap-ncat',
  ncat: 'nmap-ncat',
  ssh: 'openssh-clients',
  scp: 'openssh-clients',
  sqlite3: 'sqlite',
  java: 'java-21-amazon-corretto-headless',
  ruby: 'ruby3.2',
  php: 'php8.3-cli',
  cc: 'gcc',
  'g++': 'gcc-c++',
};

// null: not in Amazon Linux 2's yum repositories, bundle it instead.
const AL2_PACKAGES: Readonly<Record<string, string | null>> = {
  pip3: 'python3-pip',
  aws: 'awscli',
  node: null,
  npm: null,
  npx: null,
  nodejs: null,
  deno: null,
  bun: null,
  java: 'java-17-amazon-corretto-headless',
  cc: 'gcc',
  'g++': 'gcc-c++',
};

const BASES: Readonly<Record<TargetBase, BaseTools>> = {
  'provided.al2023': AL2023,
  'provided.al2': AL2,
  provided: AL1,
};

// Interpreters that Lambda's managed-runtime images add on top of their Amazon Linux base.
const MANAGED_INTERPRETERS: Readonly<Record<string, readonly string[]>> = {
  python: ['python', 'python3', 'pip', 'pip3'],
  nodejs: ['node', 'npm', 'npx'],
  java: ['java'],
  dotnet: ['dotnet'],
  ruby: ['ruby', 'gem', 'bundle'],
};
const LAMBDA_IMAGE = /(?:^|\/)(?:lambda\/|aws-lambda-)(provided|python|nodejs|java|dotnet|ruby)(?::|$)/;

export type Availability = 'present' | 'absent' | 'unknown';

/** Whether `command` exists on `target`; `unknown` on images this table does not describe (alpine, debian...). */
export function availability(command: string, target: RuntimeTarget): Availability {
  if (target.installedTools.has(command)) return 'present';
  const family = versionFamily(command);
  if (family !== command && target.installedTools.has(family)) return 'unknown'; // python3 is there; which 3.x?
  const image = target.baseImage;
  if (image !== undefined) {
    const reference = image.toLowerCase().split('@')[0]!;
    const lambda = LAMBDA_IMAGE.exec(reference);
    if (lambda === null) return 'unknown';
    // `provided@sha256:…` or `provided` with no tag: which Amazon Linux it is cannot be told from the name.
    if (!/:[^/]+$/.test(reference)) return 'unknown';
    const managed = MANAGED_INTERPRETERS[lambda[1]!];
    if (managed !== undefined && (managed.includes(command) || managed.includes(family))) return 'unknown';
  }
  const tools = BASES[target.base];
  if (tools.present.has(command)) return 'present';
  if (tools.absent.has(command) || tools.absent.has(family)) return 'absent';
  return 'unknown';
}

/** `python3.12` → python3, `ruby3.2` → ruby, `node20` → node; other names unchanged. */
function versionFamily(command: string): string {
  return /^(python3|pip3|ruby|php|node|java)\.?\d[\d.]*$/.exec(command)?.[1] ?? command;
}

/** The install command for `command` on the target's base, when there is one. */
export function installHint(command: string, target: RuntimeTarget): string | undefined {
  return BASES[target.base].install(versionFamily(command));
}

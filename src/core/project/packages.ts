// Which commands a Dockerfile adds to an image: packages installed with dnf/yum/microdnf (or apk/apt on other
// bases, pip and npm -g), mapped to the commands they provide, and executables placed in a PATH folder.
import path from 'node:path';
import { commandSegments, type Word } from './run-commands';

// Packages whose commands differ from their name. A package absent from this table provides a command of its
// own name, which holds for most (jq, git, wget, zip, rsync...).
const PACKAGE_COMMANDS: Readonly<Record<string, readonly string[]>> = {
  awscli: ['aws'],
  'awscli-2': ['aws'],
  'aws-cli': ['aws'],
  python3: ['python3'],
  'python3-pip': ['pip3', 'pip'],
  'py3-pip': ['pip3', 'pip'],
  'python-pip': ['pip'],
  nodejs: ['node', 'nodejs', 'npm', 'npx'],
  npm: ['npm', 'npx'],
  findutils: ['find', 'xargs'],
  gzip: ['gzip', 'gunzip', 'zcat'],
  unzip: ['unzip', 'zipinfo'],
  'git-core': ['git'],
  'curl-minimal': ['curl'],
  procps: ['ps', 'pgrep', 'pkill', 'top', 'free', 'watch'],
  'procps-ng': ['ps', 'pgrep', 'pkill', 'top', 'free', 'watch'],
  'util-linux': ['more', 'kill', 'setsid', 'flock', 'getopt', 'uuidgen', 'column', 'rev'],
  'util-linux-core': ['kill', 'setsid', 'flock', 'getopt'],
  'shadow-utils': ['useradd', 'groupadd', 'usermod', 'userdel'],
  iputils: ['ping'],
  'bind-utils': ['dig', 'nslookup', 'host'],
  dnsutils: ['dig', 'nslookup', 'host'],
  gawk: ['awk', 'gawk'],
  diffutils: ['diff', 'cmp'],
  'vim-minimal': ['vi'],
  'vim-enhanced': ['vim', 'vi'],
  gcc: ['gcc', 'cc'],
  'gcc-c++': ['g++', 'c++'],
  'g++': ['g++', 'c++'],
  golang: ['go', 'gofmt'],
  rust: ['rustc'],
  cargo: ['cargo'],
  imagemagick: ['convert', 'magick', 'identify', 'mogrify'],
  xz: ['xz', 'unxz', 'xzcat'],
  bzip2: ['bzip2', 'bunzip2'],
  'openssh-clients': ['ssh', 'scp', 'sftp'],
  'openssh-client': ['ssh', 'scp', 'sftp'],
  'nmap-ncat': ['nc', 'ncat'],
  'netcat-openbsd': ['nc'],
  netcat: ['nc'],
  sqlite: ['sqlite3'],
  mariadb105: ['mysql'],
  'postgresql-client': ['psql', 'pg_dump'],
  'ca-certificates': [],
};

const DEVELOPMENT_TOOLS = ['gcc', 'cc', 'g++', 'c++', 'make', 'git', 'patch', 'autoconf', 'automake', 'libtool'];
const PIP_COMMANDS: Readonly<Record<string, readonly string[]>> = {
  awscli: ['aws'],
  'aws-sam-cli': ['sam'],
  yq: ['yq'],
  'cfn-lint': ['cfn-lint'],
};
const NPM_COMMANDS: Readonly<Record<string, readonly string[]>> = {
  typescript: ['tsc'],
  'aws-cdk': ['cdk'],
  serverless: ['serverless', 'sls'],
};

/** Folders on Lambda's PATH (`/var/lang/bin:/usr/local/bin:/usr/bin/:/bin:/opt/bin`) and the usual sbin ones. */
const PATH_FOLDERS = new Set([
  '/var/lang/bin',
  '/usr/local/bin',
  '/usr/bin',
  '/bin',
  '/opt/bin',
  '/usr/local/sbin',
  '/usr/sbin',
  '/sbin',
]);

export interface InstalledSoftware {
  readonly packages: string[];
  readonly commands: string[];
}

/** Name of a package without version or architecture: `jq-1.6-1.amzn2023.x86_64` → jq, `jq=1.6-r0` → jq. */
export function packageName(spec: string): string {
  let name = spec.replace(/[=<>].*$/, '').replace(/\.(x86_64|aarch64|noarch|i686)$/, '');
  // `awscli-2` and `java-17-amazon-corretto` are real names; only strip a version that looks like one (x.y).
  name = name.replace(/-\d+\.\d[\w.]*(-[\w.]+)?$/, '');
  return name.toLowerCase();
}

/** Commands a package provides (itself when unknown; `java-17-amazon-corretto*` → java). */
export function commandsOfPackage(name: string): readonly string[] {
  const known = PACKAGE_COMMANDS[name];
  if (known !== undefined) return known;
  if (/^java-.*(corretto|openjdk)/.test(name) || /^openjdk-\d+-j(re|dk)/.test(name)) {
    return name.includes('devel') || name.includes('jdk') ? ['java', 'javac'] : ['java'];
  }
  const nodeVersion = /^nodejs(\d+)$/.exec(name);
  if (nodeVersion !== null) return ['node', `node-${nodeVersion[1]}`, 'npm', 'npx'];
  const pythonPip = /^(python3\.\d+)-pip$/.exec(name);
  if (pythonPip !== null) return [pythonPip[1].replace('python', 'pip')];
  return [name];
}

/**
 * What the RUN words install: packages (by name) and the commands they and any PATH copies provide. `pathFolders`
 * are folders the Dockerfile adds to PATH (ENV PATH=…), besides Lambda's own.
 */
export function installedByRun(
  words: readonly Word[],
  pathFolders: ReadonlySet<string> = NO_FOLDERS,
): InstalledSoftware {
  const packages: string[] = [];
  const commands: string[] = [];
  for (const segment of commandSegments(words)) {
    const args = segment.map((word) => word.text);
    const command = path.basename(args[0] ?? '');
    if (
      command === 'dnf' ||
      command === 'yum' ||
      command === 'microdnf' ||
      command === 'apt-get' ||
      command === 'apt' ||
      command === 'apk'
    ) {
      installFromPackageManager(args.slice(1), packages, commands);
    } else if (
      /^pip[\d.]*$/.test(command) ||
      (/^python[\d.]*$/.test(command) && args[1] === '-m' && args[2] === 'pip')
    ) {
      const rest = command.startsWith('pip') ? args.slice(1) : args.slice(3);
      if (rest[0] === 'install')
        for (const name of operands(rest.slice(1))) commands.push(...(PIP_COMMANDS[packageName(name)] ?? []));
    } else if (
      command === 'npm' &&
      (args[1] === 'install' || args[1] === 'i') &&
      args.some((a) => a === '-g' || a === '--global')
    ) {
      for (const name of operands(args.slice(2))) {
        const bare = name.replace(/(.)@.*$/, '$1');
        commands.push(...(NPM_COMMANDS[bare] ?? [path.basename(bare)]));
      }
    } else if (command === 'install' && args[0].endsWith('aws/install')) {
      // The AWS CLI v2 installer (`unzip awscliv2.zip && ./aws/install`).
      commands.push('aws');
    } else if (['ln', 'cp', 'mv', 'install'].includes(command)) {
      const target = pathCommand(operands(args.slice(1)), pathFolders);
      if (target !== undefined) commands.push(target);
    } else if (command === 'curl' || command === 'wget') {
      // `curl -Lo /usr/local/bin/jq https://…/jq-linux-amd64`: a download straight onto PATH.
      const output = downloadTarget(
        args.slice(1),
        command === 'curl' ? /^-[a-zA-Z]*o$|^--output$/ : /^-O$|^--output-document$/,
      );
      const target = output === undefined ? undefined : commandAtPath(output, pathFolders);
      if (target !== undefined) commands.push(target);
    }
  }
  return { packages, commands };
}

function installFromPackageManager(args: string[], packages: string[], commands: string[]): void {
  const words = args.filter((arg) => !arg.startsWith('-'));
  const verb = words[0];
  if (verb === 'groupinstall' || (verb === 'group' && words[1] === 'install')) {
    if (/development/i.test(words.join(' '))) commands.push(...DEVELOPMENT_TOOLS);
    return;
  }
  if (verb !== 'install' && verb !== 'reinstall' && verb !== 'add') return;
  for (const spec of words.slice(1)) {
    if (spec.startsWith('@') || spec.includes('/') || spec.includes('$')) continue;
    const name = packageName(spec);
    packages.push(name);
    commands.push(...commandsOfPackage(name));
  }
}

/** Arguments that are not options. */
function operands(args: readonly string[]): string[] {
  return args.filter((arg) => !arg.startsWith('-') && arg.length > 0);
}

const NO_FOLDERS: ReadonlySet<string> = new Set();

/** Whether `folder` is on Lambda's PATH or among `extra`. */
export function onPath(folder: string, extra: ReadonlySet<string> = NO_FOLDERS): boolean {
  return PATH_FOLDERS.has(folder) || extra.has(folder);
}

/** `ln -s /x/ffmpeg /usr/bin/ffmpeg`, `cp bb /usr/local/bin/` → the command name the copy puts on PATH. */
function pathCommand(args: readonly string[], extra: ReadonlySet<string>): string | undefined {
  if (args.length < 2) return undefined;
  const destination = args[args.length - 1];
  const source = args[args.length - 2];
  const normalized = destination.replace(/\/+$/, '') || '/';
  if (onPath(normalized, extra)) return path.basename(source);
  if (onPath(path.posix.dirname(destination), extra)) return path.posix.basename(destination);
  return undefined;
}

/** The value of curl's `-o FILE` (or `-sSLo FILE`, `--output FILE`), wget's `-O FILE`. */
function downloadTarget(args: readonly string[], option: RegExp): string | undefined {
  for (let index = 0; index < args.length - 1; index++) if (option.test(args[index])) return args[index + 1];
  const inline = args.find((arg) => /^--output(-document)?=/.test(arg));
  return inline?.slice(inline.indexOf('=') + 1);
}

/** The command an image file provides, when `imagePath` lies directly in a PATH folder (Lambda's or `extra`). */
export function commandAtPath(imagePath: string, extra: ReadonlySet<string> = NO_FOLDERS): string | undefined {
  return onPath(path.posix.dirname(imagePath), extra) ? path.posix.basename(imagePath) : undefined;
}

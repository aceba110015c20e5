import type { Architecture, TargetBase } from '../types';

/**
 * What is known about where a bootstrap runs: found from the Dockerfile that copies it, the SAM template
 * function whose CodeUri holds it, or the user's default when neither says.
 */
export interface RuntimeTarget {
  readonly base: TargetBase;
  /**
   * The image named by the Dockerfile's final FROM, when there is one; it may be no provided.* image at all
   * (alpine, debian...), in which case `base` is the user's default and `shIsBash` says what `/bin/sh` is.
   */
  readonly baseImage?: string;
  /** Whether `/bin/sh` is bash on the target (true on every Amazon Linux base). */
  readonly shIsBash: boolean;
  readonly architecture: Architecture;
  /**
   * Commands the image provides beyond the base: packages installed by `dnf`/`yum`/`microdnf install`
   * (by package name and the commands they provide, e.g. `python3`, `jq`, `aws` for `awscli`), files
   * copied into a PATH folder, tools built in earlier stages and copied over.
   */
  readonly installedTools: ReadonlySet<string>;
  /**
   * Variables the function's configuration sets: the template's Environment and the Dockerfile's ENV. A bootstrap
   * may read them under `set -u` without assigning them.
   */
  readonly environmentNames: ReadonlySet<string>;
  /**
   * The image build makes the bootstrap executable itself (COPY --chmod, RUN chmod +x), so its mode on disk
   * or in git does not reach Lambda.
   */
  readonly imageSetsExecutable?: boolean;
  /** Human words for where this came from, used in messages: `Dockerfile`, `template.yaml (HelloFunction)`. */
  readonly source: string;
  readonly dockerfile?: string;
  readonly template?: string;
  /** Logical id of the SAM function. */
  readonly functionName?: string;
  /**
   * The local folder of the function's code (/var/task, $LAMBDA_TASK_ROOT, the working folder) when a template
   * says; the bootstrap's own folder otherwise. It differs for a bootstrap in a layer (run as /opt/bootstrap).
   */
  readonly codeFolder?: string;
  readonly handler?: string;
}

/** One `provided.*` function of a SAM/CloudFormation template, ready for the emulator. */
export interface TemplateFunction {
  /** Logical id. */
  readonly name: string;
  readonly template: string;
  /** Absolute folder the CodeUri points to (or the Dockerfile's context for image functions). */
  readonly codeUri: string;
  readonly runtime: string;
  readonly handler?: string;
  readonly architecture: Architecture;
  readonly timeoutSeconds: number;
  readonly memoryMb: number;
  /** Variables with plain string values; intrinsic functions (!Ref, !Sub...) are resolved where possible, else dropped. */
  readonly environment: Readonly<Record<string, string>>;
  readonly packageType: 'Zip' | 'Image';
  /** Zero-based line of the function's logical id in the template, for diagnostics. */
  readonly line: number;
}

// Which documents the language server sees. Bootstraps, Dockerfiles and templates are recognised by name, as the
// server's engine does; other shell scripts go too, because a Dockerfile or template may make one a bootstrap.
import type { DocumentSelector } from 'vscode-languageclient/node';

const FILE_PATTERNS = [
  '**/bootstrap',
  '**/Dockerfile',
  '**/Dockerfile.*',
  '**/*.Dockerfile',
  '**/*.dockerfile',
  '**/Containerfile',
  '**/template.yaml',
  '**/template.yml',
];

/** Local files only: the server reads their bytes and modes from disk. */
export const DOCUMENT_SELECTOR: DocumentSelector = [
  ...FILE_PATTERNS.map((pattern) => ({ scheme: 'file', pattern })),
  { scheme: 'file', language: 'shellscript' },
];

/**
 * Files whose creation, change or deletion can change other files' findings: which image a bootstrap runs on
 * (Dockerfile, template), whether a function has its bootstrap, .gitattributes for line endings, and the shell
 * files a bootstrap sources (the findings of both depend on them).
 */
export const PROJECT_FILES_GLOB =
  '**/{bootstrap,Dockerfile,Dockerfile.*,*.Dockerfile,*.dockerfile,Containerfile,template.yaml,template.yml,.gitattributes,*.sh}';

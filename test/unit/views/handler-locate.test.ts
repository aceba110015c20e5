import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { findDefinitionLine, handlerCandidates } from '../../../src/views/handler-locate';

describe('handler files', () => {
  it('reads file.function handlers, with folders and Python packages', () => {
    const bash = handlerCandidates('function.handler');
    assert.equal(bash.symbol, 'handler');
    assert.ok(
      bash.paths.includes('function.sh') && bash.paths.includes('function.mjs') && bash.paths.includes('function.py'),
    );
    assert.equal(handlerCandidates('src/app.main').paths[0], 'src/app.sh');
    const python = handlerCandidates('pkg.module.lambda_handler');
    assert.equal(python.symbol, 'lambda_handler');
    assert.ok(python.paths.includes('pkg/module.py') && python.paths.includes('pkg.module.js'));
    assert.equal(handlerCandidates('./index.handler').paths.includes('index.js'), true);
  });

  it('falls back to the usual sources of compiled runtimes', () => {
    assert.deepEqual(handlerCandidates('hello'), {
      paths: ['handler.go', 'src/handler.rs', 'handler.cpp', 'main.go', 'src/main.rs', 'main.cpp'],
      symbol: 'hello',
    });
    assert.equal(handlerCandidates(undefined).symbol, undefined);
    assert.equal(handlerCandidates('trailing.').symbol, 'trailing.');
  });
});

describe('handler definition line', () => {
  const at = (text: string, file: string, symbol: string) => findDefinitionLine(text, file, symbol);

  it('finds shell functions in both syntaxes, not calls', () => {
    assert.equal(at('#!/bin/bash\n$(handler "$E")\nhandler () {\n  echo\n}', 'function.sh', 'handler'), 2);
    assert.equal(at('x=1\nfunction handler {\n}', 'function.sh', 'handler'), 1);
    assert.equal(at('handlers() {\n}', 'function.sh', 'handler'), undefined);
  });

  it('finds JavaScript and TypeScript handlers however they are exported', () => {
    assert.equal(at('import x from "y";\nexport const handler = async (event) => {', 'index.mjs', 'handler'), 1);
    assert.equal(at('\n\nexports.handler = function (e) {}', 'index.js', 'handler'), 2);
    assert.equal(at('export async function handler(event: unknown) {', 'app.ts', 'handler'), 0);
    assert.equal(at('const handler: Handler = async () => {}', 'app.ts', 'handler'), 0);
    assert.equal(at('handler(event);', 'index.js', 'handler'), undefined);
  });

  it('finds Python, Ruby, Go, Rust and C++ definitions', () => {
    assert.equal(at('import json\n\nasync def lambda_handler(event, context):', 'app.py', 'lambda_handler'), 2);
    assert.equal(at('def self.process(event:, context:)', 'f.rb', 'process'), 0);
    assert.equal(
      at('package main\n\nfunc Hello(ctx *Context, event []byte) (interface{}, error) {', 'handler.go', 'hello'),
      2,
    );
    assert.equal(
      at('use x;\npub fn hello(event: &str) -> Result<String, HandlerError> {', 'src/handler.rs', 'hello'),
      1,
    );
    assert.equal(
      at(
        'std::string hello(const std::string& event);\nstd::string hello(const std::string& event) {',
        'handler.cpp',
        'hello',
      ),
      1,
    );
    assert.equal(at('  return hello(event);', 'main.cpp', 'hello'), undefined);
  });

  it('treats the name literally, not as a pattern', () => {
    assert.equal(at('function a_b() {}', 'x.js', 'a.b'), undefined);
  });
});

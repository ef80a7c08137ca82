// The workspace runs on one Node: the version in .nvmrc, which `npm ci` places in node_modules/.bin
// from the npm registry (package.json's optionalDependencies `node-<os>-<cpu>`). npm runs this file
// before and after installing, and `npm start` before starting, so that a wrong Node ends in a message
// that says what to do. Plain ES2015 and CommonJS on purpose: it must parse on any Node it may meet.
'use strict';

var childProcess = require('child_process');
var fs = require('fs');
var path = require('path');

/** The oldest Node that may run npm itself on this workspace. */
var MIN_HOST_MAJOR = 20;
var ROOT = path.resolve(__dirname, '..', '..');

function pinnedVersion(root) {
  return fs.readFileSync(path.join(root, '.nvmrc'), 'utf8').trim();
}

function major(version) {
  return Number(String(version).replace(/^v/, '').split('.')[0]);
}

/** The Node that runs npm: npm's user agent names it (`npm/11.6.2 node/v20.19.0 linux x64 ...`). */
function hostNodeVersion(env, fallback) {
  var match = /\bnode\/v(\d+\.\d+\.\d+)/.exec(env.npm_config_user_agent || '');
  return match ? match[1] : fallback;
}

/** Before installing: the machine's own Node must be able to run npm and the install. */
function checkHost(hostVersion) {
  if (major(hostVersion) >= MIN_HOST_MAJOR) return null;
  return (
    'This machine runs npm on Node v' +
    hostVersion +
    ', and the workspace needs Node ' +
    MIN_HOST_MAJOR +
    ' or later to install.\n' +
    'Install Node ' +
    MIN_HOST_MAJOR +
    ' or later (e.g. `nvm install 22`), then run `npm ci` again: it places ' +
    'the pinned Node from .nvmrc in node_modules/.bin, and every script runs on that one.'
  );
}

/** After installing: node_modules/.bin/node exists and is the pinned version. */
function checkPlaced(root, pinned, platform, arch) {
  var bin = path.join(root, 'node_modules', '.bin', platform === 'win32' ? 'node.cmd' : 'node');
  var pkg = 'node-' + (platform === 'win32' ? 'win' : platform) + '-' + arch;
  var optional =
    JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')).optionalDependencies || {};
  var offered = Object.keys(optional).filter(function (name) {
    return /^node-[a-z]+-[a-z0-9]+$/.test(name);
  });
  if (!fs.existsSync(bin)) {
    if (offered.indexOf(pkg) === -1) {
      return (
        'npm ci could not place the pinned Node ' +
        pinned +
        ': package.json offers it for ' +
        offered.join(', ') +
        ', not for this machine (' +
        pkg +
        ').\n' +
        'If the npm registry has ' +
        pkg +
        '@' +
        pinned +
        ', add it to optionalDependencies (exact version) ' +
        'with `npm install --save-optional --save-exact ' +
        pkg +
        '@' +
        pinned +
        '` and commit package-lock.json; ' +
        'otherwise work on one of the platforms above.'
      );
    }
    return (
      'npm ci did not place the pinned Node ' +
      pinned +
      ' (' +
      pkg +
      ', an optional dependency) in ' +
      'node_modules/.bin.\n' +
      'Run `npm ci` again without --omit=optional / --no-optional (and without optional=false in an .npmrc).'
    );
  }
  var found;
  try {
    found = childProcess.execFileSync(bin, ['-p', 'process.versions.node'], { encoding: 'utf8' }).trim();
  } catch (error) {
    return (
      'The pinned Node in node_modules/.bin does not run on this machine: ' +
      String(error.message).split('\n')[0] +
      '\nRemove node_modules and run `npm ci` again; if it still fails, this machine cannot run the ' +
      pkg +
      ' binary.'
    );
  }
  if (found !== pinned) {
    return (
      'node_modules/.bin/node is Node ' +
      found +
      ', but .nvmrc pins ' +
      pinned +
      '.\n' +
      'Make optionalDependencies node-<os>-<cpu> in package.json say ' +
      pinned +
      ', then run `npm install` ' +
      'and commit package-lock.json.'
    );
  }
  return null;
}

/** Before running anything: this process is the pinned Node, i.e. it came from node_modules/.bin. */
function checkRunning(runningVersion, pinned) {
  if (runningVersion === pinned) return null;
  return (
    'This runs on Node ' +
    runningVersion +
    ', not the pinned Node ' +
    pinned +
    ' (.nvmrc).\n' +
    'Run `npm ci`, which places it in node_modules/.bin, and start through npm (`npm start`, `npm test`, ' +
    '`npx nx ...`), which put node_modules/.bin first on PATH.'
  );
}

function main(stage) {
  var pinned = pinnedVersion(ROOT);
  var problem =
    stage === 'preinstall'
      ? checkHost(hostNodeVersion(process.env, process.versions.node))
      : stage === 'postinstall'
        ? checkPlaced(ROOT, pinned, process.platform, process.arch)
        : checkRunning(process.versions.node, pinned);
  if (problem !== null) {
    process.stderr.write('\n' + problem + '\n\n');
    process.exit(1);
  }
}

module.exports = {
  checkHost: checkHost,
  checkPlaced: checkPlaced,
  checkRunning: checkRunning,
  hostNodeVersion: hostNodeVersion,
};

if (require.main === module) main(process.argv[2]);

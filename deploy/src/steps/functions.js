'use strict';
// 1. Functions: the Serverless service, its environment and a build with the
// functions and assets (the core's WebAssembly among them) and the plugin's
// bundle as a public asset, through the Serverless library twilio-run deploys
// with, on the runtime serverless/.twilioserverlessrc pins. A build whose
// content, dependencies, runtime and variables are the ones deployed is not
// made again (their hash is kept as an environment variable, written last).

const crypto = require('node:crypto');
const fs = require('node:fs');
const path = require('node:path');
const api = require('@twilio-labs/serverless-api/dist/api/index');
const { getListOfFunctionsAndAssets } = require('@twilio-labs/serverless-api/dist/utils/fs');

const SERVERLESS_DIR = path.join(__dirname, '../../../serverless');
const HASH_VARIABLE = 'CBVM_DEPLOYED_HASH';
// Plugin bundles of earlier releases stay served, so a rollback finds its bundle.
const KEPT_PLUGIN_BUNDLES = 5;
const PLUGIN_ASSET_DIR = '/plugins/';

function runtime() {
  const rc = JSON.parse(fs.readFileSync(path.join(SERVERLESS_DIR, '.twilioserverlessrc'), 'utf8'));
  return rc.runtime;
}

function dependencies() {
  const pkg = JSON.parse(fs.readFileSync(path.join(SERVERLESS_DIR, 'package.json'), 'utf8'));
  return pkg.dependencies || {};
}

async function readProject(pluginBundle) {
  const { functions, assets } = await getListOfFunctionsAndAssets(SERVERLESS_DIR);
  const read = (r) => ({ ...r, content: r.content || fs.readFileSync(r.filePath) });
  const bundle = fs.readFileSync(pluginBundle);
  const bundleHash = crypto.createHash('sha256').update(bundle).digest('hex').slice(0, 12);
  const pluginAsset = {
    name: `plugin-callback-and-voicemail-${bundleHash}.js`,
    path: `${PLUGIN_ASSET_DIR}plugin-callback-and-voicemail-${bundleHash}.js`,
    access: 'public',
    content: bundle,
  };
  return {
    functions: functions.map(read),
    assets: [...assets.map(read), pluginAsset],
    pluginPath: pluginAsset.path,
    bundleHash,
    dependencies: dependencies(),
    runtime: runtime(),
  };
}

function projectHash(project, variables) {
  const h = crypto.createHash('sha256');
  const files = [...project.functions, ...project.assets].sort((a, b) => a.path.localeCompare(b.path));
  for (const f of files) h.update(`${f.path}\0${f.access}\0`).update(f.content).update('\0');
  h.update(JSON.stringify(project.dependencies)).update(project.runtime);
  h.update(JSON.stringify(Object.entries(variables).sort()));
  return h.digest('hex');
}

async function findService(client, uniqueName) {
  const services = await client.serverless.v1.services.list();
  return services.find((s) => s.uniqueName === uniqueName) || null;
}

async function findEnvironment(client, serviceSid, suffix) {
  const uniqueName = suffix ? `${suffix}-environment` : 'production';
  const envs = await client.serverless.v1.services(serviceSid).environments.list();
  return envs.find((e) => e.uniqueName === uniqueName) || null;
}

async function deployFunctions(ctx) {
  const { options, client, serverless, state } = ctx;
  const project = await readProject(state.pluginBundle);
  state.pluginPath = project.pluginPath;
  state.bundleHash = project.bundleHash;
  const variables = {
    ...options.functionsEnv,
    TWILIO_FLEX_WORKSPACE_SID: state.workspaceSid,
    TWILIO_FLEX_CALLBACK_WORKFLOW_SID: state.workflowSid || '(the workflow created above)',
    CALLBACK_HOLD_WORKFLOW_SID: state.holdWorkflowSid || '(the hold workflow created above)',
  };
  if (state.syncServiceSid) variables.SYNC_SERVICE_SID = state.syncServiceSid;
  if (options.region) variables.TWILIO_REGION = options.region;
  if (options.edge) variables.TWILIO_EDGE = options.edge;
  const hash = projectHash(project, variables);

  const service = await findService(client, options.serviceName);
  const environment = service ? await findEnvironment(client, service.sid, options.environment) : null;
  if (environment) state.domain = environment.domainName;
  if (service && environment && environment.buildSid) {
    const vars = await client.serverless.v1.services(service.sid).environments(environment.sid).variables.list();
    const deployed = vars.find((v) => v.key === HASH_VARIABLE);
    if (deployed && deployed.value === hash) {
      ctx.unchanged(`Functions: service ${options.serviceName} (${service.sid}) at https://${environment.domainName}, build ${environment.buildSid}`);
      Object.assign(state, { serviceSid: service.sid, environmentSid: environment.sid, buildSid: environment.buildSid });
      return;
    }
  }
  const what = service
    ? `Functions: a new build of service ${options.serviceName} (${service.sid}) with ${project.functions.length} functions and ${project.assets.length} assets (runtime ${project.runtime})`
    : `Functions: create service ${options.serviceName}, its environment and a build with ${project.functions.length} functions and ${project.assets.length} assets (runtime ${project.runtime})`;
  await ctx.change(what, async () => {
    const config = serverless.config;
    const serviceSid = service ? service.sid : await api.createService(options.serviceName, serverless, false);
    const env = await api.createEnvironmentIfNotExists(options.environment, serviceSid, serverless);
    const functionResources = await api.getOrCreateFunctionResources(project.functions, serviceSid, serverless);
    const functionVersions = [];
    for (const fn of functionResources) functionVersions.push(await api.uploadFunction(fn, serviceSid, serverless, config));
    const assetResources = await api.getOrCreateAssetResources(project.assets, serviceSid, serverless);
    const assetVersions = [];
    for (const asset of assetResources) assetVersions.push(await api.uploadAsset(asset, serviceSid, serverless, config));
    // Earlier plugin bundles of the build being replaced stay in the new one.
    if (env.build_sid) {
      const previous = await api.getBuild(env.build_sid, serviceSid, serverless);
      const kept = (previous.asset_versions || [])
        .filter((v) => v.path.startsWith(PLUGIN_ASSET_DIR) && v.path !== project.pluginPath)
        .slice(-KEPT_PLUGIN_BUNDLES)
        .map((v) => v.sid);
      assetVersions.push(...kept);
    }
    const deps = Object.entries(project.dependencies).map(([name, version]) => ({ name, version }));
    const build = await api.triggerBuild({ functionVersions, assetVersions, dependencies: deps, runtime: project.runtime }, serviceSid, serverless);
    await api.waitForSuccessfulBuild(build.sid, serviceSid, serverless, serverless);
    await api.setEnvironmentVariables(variables, env.sid, serviceSid, serverless);
    await api.activateBuild(build.sid, env.sid, serviceSid, serverless);
    await api.setEnvironmentVariables({ [HASH_VARIABLE]: hash }, env.sid, serviceSid, serverless);
    Object.assign(state, { serviceSid, environmentSid: env.sid, buildSid: build.sid, domain: env.domain_name });
    return `build ${build.sid} live at https://${env.domain_name}`;
  });
}

module.exports = { deployFunctions, projectHash, HASH_VARIABLE, PLUGIN_ASSET_DIR };

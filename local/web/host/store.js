// The host's Redux store, shaped where plugins read it like Flex's:
// state.flex.worker.{worker, activity, tasks (Map by reservation SID)},
// state.flex.view.selectedTaskSid, state.flex.session, state.flex.config;
// plus `addReducer(namespace, reducer)` for a plugin's own state.
const { createStore, combineReducers } = window.Redux;

export const HOST = {
  TASKS_SYNCED: 'HOST/TASKS_SYNCED',
  SELECT: 'HOST/SELECT_TASK',
  ACTIVITY: 'HOST/SET_ACTIVITY',
  INCOMING: 'HOST/INCOMING_SYNCED',
  NAVIGATE: 'HOST/NAVIGATE',
};

function workerReducer(initial) {
  return (state = initial, action) => {
    switch (action.type) {
      case HOST.TASKS_SYNCED:
        return { ...state, tasks: action.tasks };
      case HOST.ACTIVITY:
        return { ...state, activity: action.activity, worker: { ...state.worker, activityName: action.activity.name } };
      default:
        return state;
    }
  };
}

function viewReducer(state = { selectedTaskSid: null, activeView: 'agent-desktop' }, action) {
  if (action.type === HOST.SELECT) return { ...state, selectedTaskSid: action.sid || null };
  if (action.type === HOST.NAVIGATE) return { ...state, activeView: action.viewName };
  return state;
}

function incomingReducer(state = new Map(), action) {
  return action.type === HOST.INCOMING ? action.tasks : state;
}

export function createHostStore({ agent, activity, token, configuration }) {
  const flexInitial = {
    worker: {
      worker: { sid: agent.workerSid, name: agent.identity, activityName: activity.name, attributes: { full_name: agent.fullName, contact_uri: `client:${agent.identity}` } },
      activity,
      attributes: { full_name: agent.fullName },
      tasks: new Map(),
      activities: new Map(Object.values(agent.activities).map((a) => [a.sid, a])),
    },
    session: { identity: agent.identity, isLoggedIn: true, ssoTokenPayload: { token } },
    config: configuration,
  };
  const flex = combineReducers({
    worker: workerReducer(flexInitial.worker),
    view: viewReducer,
    session: (state = flexInitial.session) => state,
    config: (state = flexInitial.config) => state,
  });
  const reducers = { flex, host: combineReducers({ incoming: incomingReducer }) };
  const store = createStore(combineReducers(reducers));
  store.addReducer = (namespace, reducer) => {
    reducers[namespace] = reducer;
    store.replaceReducer(combineReducers(reducers));
  };
  return store;
}

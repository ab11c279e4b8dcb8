// How the host renders what a task channel defines, as Flex does: a value may
// be a function of the task, an object by reservation status, or a string that
// is a key of manager.strings (else literal text) with {{placeholders}} taken
// from the task.

function lookup(context, path) {
  return path.split('.').reduce((value, key) => (value === undefined || value === null ? undefined : value[key]), context);
}

const BLOCK = /\{\{#(if|unless)\s+([\w.$-]+)\s*\}\}((?:(?!\{\{#(?:if|unless)\b)[\s\S])*?)\{\{\/\1\}\}/g;

/**
 * Fills a Flex string template: {{a.b}} placeholders and {{#if a}}…{{else}}…{{/if}}
 * (or #unless) blocks, the Handlebars subset Flex's default strings use.
 */
export function fillTemplate(text, context) {
  let out = String(text);
  for (let previous = null; previous !== out;) {
    previous = out;
    out = out.replace(BLOCK, (_, kind, path, body) => {
      const [yes, no = ''] = body.split(/\{\{else\}\}/);
      const truthy = Boolean(lookup(context, path));
      return (kind === 'if' ? truthy : !truthy) ? yes : no;
    });
  }
  return out
    .replace(/\{\{\{?\s*([\w.$-]+)\s*\}?\}\}/g, (_, path) => {
      const value = lookup(context, path);
      return value === undefined || value === null ? '' : String(value);
    })
    .replace(/\s+/g, ' ')
    .trim();
}

/** Resolves a TaskStatusBasedType value for a task and a component. */
export function statusBased(value, task, componentName) {
  if (typeof value === 'function') return value(task, componentName);
  if (value && typeof value === 'object' && !Array.isArray(value) && !value.$$typeof) {
    // Flex keys these maps by reservation status, capitalised (ReservationStatuses).
    const capital = (s) => (s ? s[0].toUpperCase() + s.slice(1) : s);
    return value[task.status] ?? value[capital(task.status)] ?? value[capital(task.taskStatus)];
  }
  return value;
}

/** A channel template (e.g. TaskListItem.firstLine) as text for a task. */
export function channelText(manager, channel, component, line, task) {
  const templates = (channel && channel.templates) || {};
  const path = component.split('.');
  const group = path.reduce((node, key) => (node ? node[key] : undefined), templates);
  const value = statusBased(group && group[line], task, component);
  if (value === undefined || value === null) return '';
  if (typeof value !== 'string') return String(value);
  const template = Object.prototype.hasOwnProperty.call(manager.strings, value) ? manager.strings[value] : value;
  return fillTemplate(template, { task, helper: {}, ...task.attributes });
}

export function channelColor(channel, task) {
  return statusBased(channel && channel.colors && channel.colors.main, task, 'TaskListItem') || '#8891aa';
}

export function channelIcon(channel, task, which = 'list') {
  return statusBased(channel && channel.icons && channel.icons[which], task, 'TaskListItem');
}

/** The channel Flex would use for a task (the last registered that applies). */
export function channelFor(flex, task) {
  try {
    return flex.TaskChannels.getForTask(task);
  } catch {
    const applicable = flex.TaskChannels.getRegistered().filter((c) => {
      try { return c.isApplicable(task); } catch { return false; }
    });
    return applicable[applicable.length - 1];
  }
}

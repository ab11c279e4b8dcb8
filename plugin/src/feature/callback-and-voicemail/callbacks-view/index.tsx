// Registers the supervisors' callbacks view: a Flex view and its side
// navigation entry, for supervisors and admins only (Flex's roles of the
// logged-in user, manager.user.roles). The functions check the token's roles
// again: hiding the entry is convenience, not the access rule.
import React from 'react';
import type * as Flex from '@twilio/flex-ui';
import { CallOutgoingIcon } from '@twilio-paste/icons/esm/CallOutgoingIcon';

import { browserTimeZone } from '../utils/format';
import { agentLocale, flexToken } from '../config';
import { CallbacksView } from './CallbacksView';
import { httpCallbacksViewService, type CallbacksViewService } from './service';
import { registerViewStrings, ViewStringKey } from './strings';

export const CALLBACKS_VIEW_NAME = 'cbvm-callbacks';
const SUPERVISOR_ROLES = ['supervisor', 'admin'];

type ViewManager = Pick<Flex.Manager, 'strings' | 'configuration' | 'user'> & Partial<Pick<Flex.Manager, 'localization'>>;

/** Returns whether the logged-in user's Flex roles include supervisor or admin. */
export function isSupervisor(manager: Pick<Flex.Manager, 'user'>): boolean {
  const roles = (manager.user as { roles?: unknown } | undefined)?.roles;
  return Array.isArray(roles) && roles.some((role) => SUPERVISOR_ROLES.includes(String(role)));
}

export interface CallbacksViewRegistration {
  service: CallbacksViewService;
}

/** Adds the view and its side link when the user is a supervisor or admin; otherwise nothing (null). */
export function registerCallbacksView(
  flex: Pick<typeof Flex, 'ViewCollection' | 'SideNav' | 'View' | 'SideLink' | 'Actions'>,
  manager: ViewManager,
  options: { serverlessBaseUrl: string | null; service?: CallbacksViewService },
): CallbacksViewRegistration | null {
  if (!isSupervisor(manager)) return null;
  registerViewStrings(manager);
  const service = options.service ?? httpCallbacksViewService({ baseUrl: options.serverlessBaseUrl, token: () => flexToken(manager) });
  const strings = () => manager.strings as unknown as Record<string, string | undefined>;
  const FlexView = flex.View;
  const FlexSideLink = flex.SideLink;

  flex.ViewCollection.Content.add(
    <FlexView name={CALLBACKS_VIEW_NAME} key="cbvm-callbacks-view">
      <CallbacksView service={service} strings={strings} locale={() => agentLocale(manager)} timeZone={browserTimeZone} />
    </FlexView>,
  );

  function CallbacksSideLink(props: Partial<Flex.SideLinkProps>) {
    return (
      <FlexSideLink
        {...props}
        showLabel={props.showLabel ?? true}
        icon={<CallOutgoingIcon decorative />}
        iconActive={<CallOutgoingIcon decorative color="colorTextIconBrandHighlight" />}
        isActive={props.activeView === CALLBACKS_VIEW_NAME}
        onClick={() => void flex.Actions.invokeAction('NavigateToView', { viewName: CALLBACKS_VIEW_NAME })}
      >
        {strings()[ViewStringKey.NavLabel] ?? 'Callbacks'}
      </FlexSideLink>
    );
  }
  flex.SideNav.Content.add(<CallbacksSideLink key="cbvm-callbacks-side-link" />);
  return { service };
}

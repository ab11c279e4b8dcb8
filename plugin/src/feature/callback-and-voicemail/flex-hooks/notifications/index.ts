// The feature's notifications. Their content is a string key, so Flex renders
// them in the agent's language with the context given when they are shown.
import type * as Flex from '@twilio/flex-ui';

import { StringKey } from '../strings/keys';

export const NotificationId = {
  /** Context: { customer } */
  CallFailed: 'CBVMCallFailed',
  OutboundDisabled: 'CBVMOutboundDisabled',
  /** Context: { number } */
  InvalidNumber: 'CBVMInvalidNumber',
  /** Context: { message } */
  RequeueFailed: 'CBVMRequeueFailed',
  RequeueSucceeded: 'CBVMRequeueSucceeded',
  /** Context: { number } */
  CallPlaced: 'CBVMCallPlaced',
} as const;

type FlexNotifications = Pick<typeof Flex, 'Notifications' | 'NotificationType'>;

export function registerNotifications(flex: FlexNotifications): void {
  const notifications: Flex.Notification[] = [
    { id: NotificationId.CallFailed, content: StringKey.CallFailedNotification, type: flex.NotificationType.error },
    { id: NotificationId.OutboundDisabled, content: StringKey.OutboundDisabledNotification, type: flex.NotificationType.error },
    { id: NotificationId.InvalidNumber, content: StringKey.InvalidNumberNotification, type: flex.NotificationType.error },
    { id: NotificationId.RequeueFailed, content: StringKey.RequeueFailedNotification, type: flex.NotificationType.error },
    { id: NotificationId.RequeueSucceeded, content: StringKey.RequeueSucceededNotification, type: flex.NotificationType.success, timeout: 5000 },
    { id: NotificationId.CallPlaced, content: StringKey.CallPlacedNotification, type: flex.NotificationType.information, timeout: 5000 },
  ];
  for (const notification of notifications) {
    if (flex.Notifications.registeredNotifications?.has(notification.id)) continue;
    flex.Notifications.registerNotification({ closeButton: true, timeout: 10000, ...notification });
  }
}

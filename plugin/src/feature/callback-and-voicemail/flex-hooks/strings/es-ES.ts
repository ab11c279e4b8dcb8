import type { FeatureStrings } from './keys';

const esES: FeatureStrings = {
  CallbackChannelName: 'Rellamada',
  VoicemailChannelName: 'Mensaje de voz',
  CallbackHeading: 'Solicitud de rellamada',
  CallbackDescription: 'Un contacto ha pedido que se le devuelva la llamada de inmediato.',
  VoicemailHeading: 'Mensaje de voz del contacto',
  VoicemailDescription: 'Un contacto ha dejado un mensaje de voz que requiere atención.',
  CBVMRecordingHeading: 'Grabación del mensaje de voz',
  CBVMRecordingLoading: 'Cargando el mensaje de voz...',
  CBVMRecordingError: 'No se ha podido cargar el mensaje de voz.',
  CBVMRecordingTryAgain: 'Volver a intentarlo',
  CBVMRecordingDeleted: 'La grabación de este mensaje de voz se ha eliminado.',
  CBVMTranscriptHeading: 'Transcripción del mensaje de voz',
  CBVMContactPhoneHeading: 'Teléfono de contacto',
  CBVMReceptionTimeHeading: 'Hora de recepción de la llamada',
  CBVMSystemTime: 'Hora del sistema: {{time}}',
  CBVMAttempt: 'Intento de rellamada {{attempt}} de {{max}}',
  CBVMPlaceCall: 'Llamar ahora al {{number}}',
  CBVMRetryLater: 'Volver a llamar más tarde',
  CBVMMissingCallbackData: 'Esta tarea no tiene datos de rellamada, así que no hay ningún número al que llamar.',
  CBVMWorkerOffline: 'Estás desconectado. Cambia tu actividad para realizar la llamada.',
  CBVMCallFailedNotification: 'No se ha podido llamar a {{customer}}; vuelve a intentarlo',
  CBVMOutboundDisabledNotification: 'Las llamadas salientes no están habilitadas; avisa a un administrador del sistema',
  CBVMInvalidNumberNotification: 'No se puede llamar al número {{number}}: debe incluir el prefijo del país, por ejemplo +14155550100',
  CBVMRequeueFailedNotification: 'No se ha podido reprogramar la rellamada: {{message}}',
};

export default esES;

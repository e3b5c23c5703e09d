// Intuit's error bodies, byte for byte where we know them (QBO_NOTES.md): clients branch on these
// shapes, so a look-alike that differs in case or nesting would hide bugs instead of finding them.

import { formatQboTime } from './time'

export type FaultType = 'ValidationFault' | 'SystemFault' | 'AuthenticationFault' | 'AuthorizationFault'

/** A QBO fault raised by a handler; the HTTP layer turns it into the `{"Fault":...}` envelope. */
export class QboFault extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly detail: string,
    readonly element = '',
    readonly type: FaultType = 'ValidationFault',
    readonly status = 400
  ) {
    super(message)
  }

  toFault(): FaultBody {
    return {
      Error: [{ Message: this.message, Detail: this.detail, code: this.code, element: this.element }],
      type: this.type
    }
  }
}

export interface FaultBody {
  Error: { Message: string; Detail: string; code: string; element: string }[]
  type: string
}

export function faultEnvelope(fault: QboFault, nowMs: number): Record<string, unknown> {
  return { Fault: fault.toFault(), time: formatQboTime(nowMs, true) }
}

export const faults = {
  required(element: string): QboFault {
    return new QboFault(
      '2020',
      'Required param missing, need to supply the required value for the API',
      `Required parameter ${element} is missing in the request`,
      element
    )
  },
  invalid(element: string, detail: string): QboFault {
    return new QboFault(
      '2010',
      'Request has invalid or unsupported property',
      `Property Name:${element} specified is unsupported or invalid. ${detail}`.trim(),
      element
    )
  },
  /** A property the entity's schema does not have: QBO's deserialiser refuses it before any check. */
  unknownProperty(entity: string, property: string): QboFault {
    return new QboFault(
      '2010',
      'Request has invalid or unsupported property',
      `Property Name:Unrecognized field "${property}" (class com.intuit.schema.finance.v3.${entity}), not marked as ignorable specified is unsupported or invalid`,
      property
    )
  },
  /** An Id that is not a number: QBO says so instead of looking for it. */
  invalidId(id: string): QboFault {
    return new QboFault('2030', 'Invalid ID', `Id should be a valid number. Supplied value:${id}`, 'id')
  },
  notFound(element = ''): QboFault {
    return new QboFault(
      '610',
      'Object Not Found',
      "Object Not Found : Something you're trying to use has been made inactive. Check the fields with accounts, customers, items, vendors or employees.",
      element
    )
  },
  invalidReference(element: string, id: string): QboFault {
    return new QboFault(
      '2500',
      'Invalid Reference Id',
      `Invalid Reference Id : ${element} with Id ${id} does not exist`,
      element
    )
  },
  stale(): QboFault {
    return new QboFault(
      '5010',
      'Stale Object Error',
      'Stale Object Error : You and another user were working on the same thing. The other user finished before you did, so your work was not saved.',
      ''
    )
  },
  duplicateName(kind: 'name' | 'account', id: string): QboFault {
    const who = kind === 'account' ? 'Another account' : 'Another customer, vendor or employee'
    return new QboFault(
      '6240',
      'Duplicate Name Exists Error',
      `The name supplied already exists. : ${who} is already using this name. Please use a different name. Id=${id}`,
      ''
    )
  },
  business(detail: string, element = ''): QboFault {
    return new QboFault(
      '6000',
      'A business validation error has occurred while processing your request',
      `Business Validation Error: ${detail}`,
      element
    )
  },
  unsupported(operation: string, entity: string): QboFault {
    return new QboFault(
      '500',
      'Unsupported Operation',
      `Operation ${operation} is not supported for ${entity}.`,
      ''
    )
  },
  system(detail: string): QboFault {
    return new QboFault(
      '10000',
      'An application error has occurred while processing your request',
      `System Failure Error: ${detail}`,
      '',
      'SystemFault',
      500
    )
  }
}

/** The lowercase 401/403 body Intuit's gateway sends (not the `Fault` shape of the API). */
export function gatewayFault(
  kind: 'authentication' | 'authorization',
  detail: string,
  nowMs: number
): Record<string, unknown> {
  const [code, name, status, type] =
    kind === 'authentication'
      ? ['3200', 'AuthenticationFailed', 401, 'AUTHENTICATION']
      : ['3100', 'AuthorizationFailed', 403, 'AUTHORIZATION']
  return {
    warnings: null,
    intuitObject: null,
    fault: {
      error: [
        { message: `message=${name}; errorCode=00${code}; statusCode=${status}`, detail, code, element: null }
      ],
      type
    },
    report: null,
    queryResponse: null,
    batchItemResponse: [],
    attachableResponse: [],
    syncErrorResponse: null,
    requestId: null,
    time: nowMs,
    status: null,
    cdcresponse: []
  }
}

/** Intuit's throttle answer is XML even when the request asked for JSON. */
export function throttleXml(nowMs: number): string {
  return (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>' +
    `<IntuitResponse xmlns="http://schema.intuit.com/finance/v3" time="${formatQboTime(nowMs, true)}">` +
    '<Fault type="SERVICE"><Error code="3001"><Message>message=ThrottleExceeded; errorCode=003001; statusCode=429</Message>' +
    '<Detail>The request limit was reached.  Try again later</Detail></Error></Fault></IntuitResponse>'
  )
}

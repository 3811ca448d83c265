// Package checkdigit validates the identifiers found on Danish and Swedish
// invoices and applications: CVR and CPR numbers, Swedish personnummer,
// samordningsnummer and organisationsnummer, IBANs, GS1 numbers (GLN,
// GTIN/EAN), Danish FIK payment lines, bankgiro and plusgiro numbers and
// Swedish OCR references.
//
// Every function is pure: no I/O, no clock (callers pass the reference
// date a century is resolved against), no mutable state. Validators accept
// the forms people print (spaces, dashes, lower case) and return the
// normalised form of the case-file contract: digits only, IBAN in upper
// case without spaces.
//
// Errors are *Error values whose Kind is one of the sentinels ErrFormat,
// ErrLength, ErrCheckDigit and ErrDate, so a caller can report a wrong check
// digit (a likely typo or misread digit) apart from a value that is not an
// identifier of the kind at all:
//
//	if errors.Is(err, checkdigit.ErrCheckDigit) { ... }
package checkdigit

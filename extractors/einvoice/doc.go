// Package einvoice reads e-invoice XML exactly: UBL 2.1 Invoice and
// CreditNote (Peppol BIS Billing 3.0, EN 16931), Danish OIOUBL 2.x (UBL 2.0
// based, same namespaces) and UN/CEFACT CII CrossIndustryInvoice (ZUGFeRD
// 2, Factur-X, XRechnung). Parse turns one document into normalised
// case-file fields, line items and a readable text, each field with
// confidence 1, the value as written and the XML path of its evidence.
// Reader plugs the package into the pipeline as the text reader for XML,
// and applies invoices embedded in hybrid PDFs (ApplyEmbedded).
//
// # Decoding
//
// encoding/xml's raw tokenizer feeds a compact element tree; namespaces
// are resolved by URI, so prefixes do not matter, and evidence paths use
// the canonical prefixes (cbc, cac, rsm, ram, udt). Limits are enforced
// before (bytes) and while (nesting depth) decoding; any DOCTYPE is
// refused, which rules out entity expansion and external entities.
// UTF-8, UTF-16 (with or without a byte order mark), ISO-8859-1,
// ISO-8859-15, Windows-1252 and US-ASCII are read; another declared
// encoding is refused as xml.encoding.
//
// # Fields
//
// A field is set only when the XML has it. Dates become YYYY-MM-DD (CII
// format 102 included), amounts two decimals, currency codes upper case.
// Identifiers (supplier_id, buyer_gln, iban, bankgiro, plusgiro,
// bank_account, payment_reference) lose spaces, dashes, dots and slashes;
// document numbers, names and references (invoice_number, buyer_reference,
// order_reference) keep their characters, white space collapsed. A value
// that does not normalise is left out and reported in Invoice.Warnings.
//
//   - amount_net is BT-109, amount_vat BT-110 (the VAT total in the
//     document currency; a second total in the tax currency is ignored),
//     amount_total BT-112, amount_due BT-115.
//   - OIOUBL 2 defines LegalMonetaryTotal/TaxExclusiveAmount as the sum of
//     all taxes, not the net amount, and adds TaxTotals for excise duties.
//     For OIOUBL, amount_vat is the TaxTotal of the VAT scheme (63,
//     "Moms") and amount_net is TaxInclusiveAmount less that VAT; its Raw
//     shows the subtraction.
//   - OIOUBL has no BuyerReference; the customer contact ID, which Danish
//     public buyers route on (their "personreference"), stands in for
//     BT-10. Placeholders such as "NA" or "n/a" in references are treated
//     as absent.
//   - Payment: an IBAN is an account ID that passes modulus 97; bankgiro
//     and plusgiro are accounts named so by the branch ("SE:BANKGIRO",
//     "SE:PLUSGIRO"), the account scheme, the institution or the payment
//     means name, and payment means code 50 ("postgiro") outside OIOUBL;
//     bank_account is a Danish registration number (4 digits, the branch)
//     followed by the account number (up to 10 digits), for payment means
//     31 and 42. payment_reference is PaymentID, except for OIOUBL FI-card
//     and giro payments (codes 93 and 50), where PaymentID is the card type
//     and InstructionID is the reference to quote.
//
// # supplier_id
//
// Municipal caseworkers and the registers Intake checks against know a
// supplier by its national business register number, so that is preferred
// over the VAT number, which is preferred over anything else:
//
//  1. the legal registration identifier (BT-30: PartyLegalEntity/CompanyID,
//     CII SpecifiedLegalOrganization/ID) when it is a Danish CVR (scheme
//     0184, 9902 or DK:CVR: 8 digits, a "DK" prefix dropped), a Swedish
//     organisationsnummer (0007 or SE:ORGNR: 10 digits) or a Norwegian
//     organisasjonsnummer (0192, 9908 or NO:ORGNR: 9 digits). An
//     identifier without a scheme counts when it has that shape and the
//     seller's country (or its own "DK", "SE" or "NO" prefix) says so, or,
//     when no country is given at all, when its check digits hold;
//  2. the register number inside a Danish, Swedish or Norwegian VAT
//     identifier (BT-31: DK + CVR, SE + organisationsnummer + 01, NO +
//     organisasjonsnummer [+ MVA]), which by law embed it; so an OIOUBL
//     PartyTaxScheme "DK12345678" gives 12345678;
//  3. the VAT identifier as written (PartyTaxScheme/CompanyID of the VAT
//     scheme, CII SpecifiedTaxRegistration/ID with schemeID VA);
//  4. the legal registration identifier as written (for example a sole
//     trader's CPR number under scheme DK:CPR);
//  5. the seller identifier (BT-29: PartyIdentification/ID other than a
//     SEPA creditor ID, CII SellerTradeParty/ID and GlobalID), a register
//     number when its scheme names one.
//
// All values are normalised with normalize.ID.
package einvoice

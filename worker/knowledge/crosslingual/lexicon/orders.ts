/**
 * Support lexicon lines: orders, payment and billing, shipping and delivery, stock, returns, warranty and customer service.
 * Data only, in the format index.ts describes.
 */
export const ORDERS = `
order|ordre bestilling bestille|ordre bestilling bestille|order beställning beställa|bestellung bestellen auftrag
buy purchase|købe køb|kjøpe kjøp|köpa köp|kaufen kauf
pay payment|betale betaling|betale betaling|betala betalning|bezahlen zahlung zahlen
price|pris priser|pris priser|pris priser|preis
cost price|koste|koste kostnad|kosta kostnad|kosten
free|gratis|gratis|gratis|kostenlos gratis
discount|rabat|rabatt|rabatt|rabatt
coupon discount code|kupon rabatkode|kupong rabattkode|kupong rabattkod|gutschein rabattcode
gift card|gavekort|gavekort|presentkort|geschenkkarte geschenkgutschein
refund|refusion refundering tilbagebetaling refundere|refusjon tilbakebetaling refundere|\
återbetalning återbetala|erstattung rückerstattung rückzahlung erstatten
money|penge|penger|pengar|geld
return|returnere returnering retur|returnere returnering retur|returnera retur returnering|\
rücksendung zurücksenden zurückschicken retoure
exchange replace|ombytning bytte|bytte|byta|umtauschen umtausch
cancel|annullere afbestille opsige opsigelse annullering|kansellere avbestille si_opp oppsigelse|\
avbryta avbeställa säga_upp uppsägning avboka|stornieren kündigen kündigung stornierung abbrechen
subscription|abonnement|abonnement|prenumeration abonnemang|abonnement abo
plan|plan|plan|plan|tarif
invoice|faktura|faktura|faktura|rechnung
receipt|kvittering|kvittering|kvitto|quittung beleg
tax vat|moms skat|mva moms skatt|moms skatt|steuer mehrwertsteuer mwst
card|kort kreditkort betalingskort|kort kredittkort betalingskort|kort kreditkort betalkort|karte kreditkarte
bank|bank|bank|bank|bank
billing|fakturering|fakturering|fakturering|abrechnung
charge charged|opkræve trække|trekke belaste|debitera dra|belasten abbuchen abgebucht
twice double|dobbelt|dobbelt|dubbel|doppelt zweimal
amount|beløb|beløp|belopp|betrag
currency|valuta|valuta|valuta|währung
method|metode|metode|metod|methode
shipping|forsendelse fragt|frakt forsendelse|frakt|versand
delivery deliver|levere levering leveringstid|levere levering leveringstid|leverera leverans leveranstid|\
liefern lieferung zustellung lieferzeit
send ship|sende afsende|sende|skicka|senden schicken verschicken
package parcel|pakke|pakke|paket|paket
track tracking|spore sporing|spore sporing|spåra spårning|verfolgen sendungsverfolgung
status|status|status|status|status
country|land|land|land|land
customs|told|toll|tull|zoll
international|international|internasjonal|internationell|international
stock|lager|lager|lager|lager bestand
available|tilgængelig|tilgjengelig|tillgänglig|verfügbar erhältlich
sold out|udsolgt|utsolgt|slutsåld|ausverkauft
product|produkt vare|produkt vare|produkt|produkt artikel ware
store shop|butik forretning|butikk|butik affär|geschäft shop
cart basket|kurv indkøbskurv|handlekurv|varukorg|warenkorb
checkout|kassen|kassen|kassa|kasse
wrong incorrect|forkert|feil|fel|falsch
missing|mangler manglende|mangler manglende|saknas saknad|fehlt vermisst
broken damaged defective|ødelagt beskadiget itu defekt|ødelagt skadet defekt|trasig skadad sönder defekt|kaputt beschädigt defekt
warranty|garanti reklamation|garanti reklamasjon|garanti reklamation|garantie gewährleistung reklamation
repair|reparere reparation|reparere reparasjon|reparera reparation|reparieren reparatur
replace replacement|erstatte udskifte|erstatte|ersätta|ersetzen austauschen ersatz
complaint|klage|klage|klagomål|beschwerde
customer|kunde|kunde|kund|kunde
service support|kundeservice service|kundeservice service|kundtjänst kundservice|kundendienst kundenservice service
support|support|brukerstøtte support|support|support
`;

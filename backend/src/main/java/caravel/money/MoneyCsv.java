package caravel.money;

import java.util.List;

/**
 * The money view's export: one row per month, way of payment and fiat currency, every month since the first
 * payment (RFC 4180: comma-separated, CRLF line ends, a header row). Every field is a figure or a fixed word.
 */
final class MoneyCsv {
    static final String HEADER = "month,way,invoices,sats,fiat_currency,fiat_minor_units";

    private MoneyCsv() {}

    static String write(List<MoneyStore.RevenueRow> rows) {
        StringBuilder out = new StringBuilder(HEADER).append("\r\n");
        for (MoneyStore.RevenueRow r : rows)
            out.append(String.join(
                            ",",
                            MoneyReports.Months.name(r.month()),
                            r.way(),
                            String.valueOf(r.invoices()),
                            String.valueOf(r.sats()),
                            String.valueOf(r.fiatCurrency()),
                            String.valueOf(r.fiat())))
                    .append("\r\n");
        return out.toString();
    }
}

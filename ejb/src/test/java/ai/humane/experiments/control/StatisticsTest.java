package ai.humane.experiments.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

/**
 * Known values: Welch's test on the first example of the Wikipedia article "Welch's t-test" (t = 2.46 with the
 * samples in this order, ν ≈ 25.0, p = 0.021), the t table's 2.228 for 10 degrees of freedom, and the rest
 * computed independently with Python 3's statistics module (NormalDist) and a Simpson integration of the t
 * density (the script is in bench/analysis/reference-statistics.py), to ten digits.
 */
class StatisticsTest {

    private static final double[] A1 = {27.5, 21.0, 19.0, 23.6, 17.0, 17.9, 16.9, 20.1, 21.9, 22.6, 23.1, 19.6, 19.0, 21.7, 21.4};
    private static final double[] A2 = {27.1, 22.0, 20.8, 23.4, 23.4, 23.5, 25.8, 22.0, 24.8, 20.2, 21.9, 22.1, 22.9, 20.5, 24.4};

    @Test
    void welchMatchesThePublishedExample() {
        Statistics.Test test = Statistics.welch(15, mean(A1), variance(A1), 15, mean(A2), variance(A2));
        assertEquals(2.4553563983, test.statistic(), 1e-9);
        assertEquals(24.9885292902, test.df(), 1e-9);
        assertEquals(0.0213780015, test.p(), 1e-7);
        assertEquals(0.3492370662, test.low(), 1e-6);
        assertEquals(3.9840962671, test.high(), 1e-6);
    }

    @Test
    void meanIntervalUsesStudentsT() {
        Statistics.Interval interval = Statistics.mean(15, mean(A1), variance(A1));
        assertEquals(19.2667016525, interval.low(), 1e-6);
        assertEquals(22.3732983475, interval.high(), 1e-6);
        Statistics.Interval ten = Statistics.mean(11, 0, 11);
        assertEquals(2.2281388520, ten.high(), 1e-8);
    }

    @Test
    void twoProportionZTestAndWilsonInterval() {
        Statistics.Test test = Statistics.proportions(45, 200, 70, 220);
        assertEquals(2.1388647538, test.statistic(), 1e-9);
        assertEquals(0.0324466233, test.p(), 1e-9);
        assertEquals(0.0086990563, test.low(), 1e-9);
        assertEquals(0.1776645800, test.high(), 1e-9);
        Statistics.Interval wilson = Statistics.wilson(45, 200);
        assertEquals(0.1726236972, wilson.low(), 1e-9);
        assertEquals(0.2877412324, wilson.high(), 1e-9);
    }

    @Test
    void nothingToTestWithoutVariation() {
        assertNull(Statistics.welch(30, 0.5, 0, 30, 0.5, 0));
        assertNull(Statistics.proportions(0, 30, 0, 40));
    }

    private static double mean(double[] xs) {
        double sum = 0;
        for (double x : xs) {
            sum += x;
        }
        return sum / xs.length;
    }

    private static double variance(double[] xs) {
        double m = mean(xs);
        double sum = 0;
        for (double x : xs) {
            sum += (x - m) * (x - m);
        }
        return sum / (xs.length - 1);
    }
}

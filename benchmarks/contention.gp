# Throughput against senders (64-byte commands), libling's three modes and
# BEAM, from `contention --table --plot_data=FILE`:
#   gnuplot -e "data='FILE'; out='benchmarks/contention.svg'" benchmarks/contention.gp
set terminal svg size 720,440 dynamic font "sans,12"
set output out
set title "N senders to one port, 64-byte commands"
set xlabel "senders"
set ylabel "signals per second (millions)"
set logscale x 2
set xtics (1, 2, 4, 8, 16, 64)
set key outside right
set grid
plot data using 1:($2/1e6) with linespoints title "libling default", \
     data using 1:($3/1e6) with linespoints title "libling forced", \
     data using 1:($4/1e6) with linespoints title "libling legacy", \
     data using 1:($5/1e6) with linespoints title "BEAM", \
     data using 1:($6/1e6) with linespoints title "BEAM +spp true"

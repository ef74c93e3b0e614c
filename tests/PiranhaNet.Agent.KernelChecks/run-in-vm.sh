#!/bin/sh
# Runs inside the test VM as root (tests/vm/run): builds a small network of namespaces and runs the checks
# in the director's. Usage: run-in-vm.sh CHECKS_DLL [CHECK ...]
#   client 10.77.2.2 --c0/d0-- director (10.77.2.1, VIP 10.77.0.1, 10.77.1.254 on bridge br0) --d1/d2-- real1 10.77.1.1, real2 10.77.1.2
# Both reals answer HTTP on 80 and 8080 with their own name.
set -e
checks=$1
for ns in client director real1 real2; do ip netns add $ns; ip -n $ns link set lo up; done
ip link add c0 type veth peer name d0
ip link set c0 netns client; ip link set d0 netns director
ip -n client addr add 10.77.2.2/24 dev c0; ip -n client link set c0 up
ip -n client route add 10.77.0.0/24 via 10.77.2.1
ip -n director addr add 10.77.2.1/24 dev d0; ip -n director addr add 10.77.0.1/32 dev d0; ip -n director link set d0 up
ip -n director link add br0 type bridge; ip -n director addr add 10.77.1.254/24 dev br0; ip -n director link set br0 up
ip netns exec director sh -c 'echo 1 > /proc/sys/net/ipv4/ip_forward'
for n in 1 2; do
  ip link add d$n type veth peer name r$n
  ip link set d$n netns director; ip link set r$n netns real$n
  ip -n director link set d$n master br0; ip -n director link set d$n up
  ip -n real$n addr add 10.77.1.$n/24 dev r$n; ip -n real$n link set r$n up
  ip -n real$n route add default via 10.77.1.254
  mkdir -p /tmp/www/real$n; echo "real$n" > /tmp/www/real$n/index.html
  ip netns exec real$n busybox httpd -p 80 -h /tmp/www/real$n
  ip netns exec real$n busybox httpd -p 8080 -h /tmp/www/real$n
done
shift
PIRANHANET_KERNEL_NETNS=1 exec ip netns exec director dotnet "$checks" "$@"

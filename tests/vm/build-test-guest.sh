#!/bin/bash
# SPDX-License-Identifier: BSD-2-Clause
# build-test-guest.sh — build offline test guests for QEMU from Debian 12 (bookworm) packages only.
#
# Why: the real target guest (FreeBSD) cannot be downloaded on the build machines, and /dev/kvm there
# is PVM ("kvm_pvm" module, no vmx/svm in /proc/cpuinfo): a stock kernel under -accel kvm never
# gets past the kernel decompressor. Everything below is therefore meant for -accel tcg.
#
# Modes
#   build-test-guest.sh full     OUT   Debian rootfs (debootstrap) -> disk.qcow2, ~1-1.5 min, ~150 MB
#                                      systemd, openssh-server, python3 (Ansible), cloud-init (NoCloud),
#                                      monit, unbound (+dns-root-data), yggdrasil, sudo, Debian kernel.
#                                      Boots from disk (SeaBIOS -> extlinux) OR with -kernel/-initrd.
#                                      TCG: ssh-ready ~40 s (-smp 1) / ~30 s (-smp 2); needs >=256 MB RAM.
#   build-test-guest.sh tiny     OUT   host's Debian kernel + ~4 MB initramfs (busybox-static + dropbear)
#                                      <1 s to build; TCG: ssh-ready ~7 s, runs in 128 MB. No python:
#                                      Ansible 'raw' only. Mini-NoCloud: reads ssh keys from a cidata ISO.
#   build-test-guest.sh selftest OUT   boot OUT (full or tiny) under TCG and check: cloud-init key
#                                      injection, ssh via hostfwd, virtio-9p mount, QMP powerdown.
#
# Output (OUT/):
#   disk.qcow2 (full only)  vmlinuz  initrd.img  cmdline   kernel + initrd for direct boot
#   id_ed25519{,.pub}       throw-away key; seed/{user-data,meta-data} + seed.iso (label "cidata")
#   run.sh                  example QEMU command line (TCG, user-net hostfwd, 9p, QMP)
#
# Env (full): KEEP_RAW=1 keeps disk.raw (jrun's base image format), MIRROR (default: the first Debian URI in this host's apt sources), SUITE (bookworm), SIZE (2G),
#             YGG (backports = yggdrasil 0.5.12 from bookworm-backports [default] | bookworm = 0.4.7),
#             EXTRA_PKGS ("pkg pkg"), BOOTLOADER (extlinux|none; extlinux needs loop devices),
#             XZ=1 also writes disk.raw.xz (+38 s, ~100 MB) to exercise an image download/decompress path.
# Host needs root and Debian apt access. Missing host tools are apt-get installed automatically.
#
# Guest network safety: the guest is built so it never reaches out on its own (no timesyncd, apt timers
# masked, cloud-init limited to NoCloud/None, cloud-init network config off). Also boot it with
# `-netdev user,restrict=on,...`: hostfwd rules still work, but the guest cannot reach the host or beyond.
set -euo pipefail

host_mirror() {  # first Debian archive URI configured for apt on this host (deb822 or one-line format)
  { grep -h '^URIs:' /etc/apt/sources.list.d/*.sources 2>/dev/null | awk '{print $2}'
    grep -h '^deb ' /etc/apt/sources.list /etc/apt/sources.list.d/*.list 2>/dev/null | awk '{print $2}'
  } | grep -v -- '-security' | head -1
}

MODE=${1:-}; OUT=$(realpath -m "${2:-./guest-out}")
[ -n "$MODE" ] || { sed -n '2,30p' "$0"; exit 2; }
[ "$(id -u)" = 0 ] || { echo "must run as root" >&2; exit 1; }

# --- host dependencies ------------------------------------------------------------------------
install_pkgs() {
  echo "== installing host packages: $*"
  apt-get update -q >/dev/null
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "$@" >/dev/null
}
ensure() {  # ensure CMD PKG [CMD PKG ...]: install PKG when CMD is missing
  local missing=()
  while [ $# -gt 0 ]; do command -v "$1" >/dev/null 2>&1 || missing+=("$2"); shift 2; done
  [ ${#missing[@]} -eq 0 ] || install_pkgs "${missing[@]}"
}
ensure qemu-system-x86_64 qemu-system-x86 qemu-img qemu-utils genisoimage genisoimage \
       ssh-keygen openssh-client ssh openssh-client

make_seed() {  # NoCloud seed: ISO9660 volume label "cidata" with user-data + meta-data
  [ -f "$OUT/id_ed25519" ] || ssh-keygen -q -t ed25519 -N '' -C test-guest -f "$OUT/id_ed25519"
  mkdir -p "$OUT/seed"
  printf 'instance-id: iid-test-%s\nlocal-hostname: testguest\n' "$(date +%s)" > "$OUT/seed/meta-data"
  cat > "$OUT/seed/user-data" <<EOF
#cloud-config
disable_root: false
ssh_pwauth: false
ssh_authorized_keys:
  - $(cat "$OUT/id_ed25519.pub")
EOF
  genisoimage -quiet -output "$OUT/seed.iso" -volid cidata -joliet -rock "$OUT/seed/user-data" "$OUT/seed/meta-data"
}

write_run() {  # example QEMU invocation (same script for both kinds of guest)
  cat > "$OUT/run.sh" <<'EOF'
#!/bin/bash
# Boot under TCG. PORT=host port for ssh, SHARE=host dir exported over virtio-9p (tag "hostshare"),
# SMP (1|2: 2 = MTTCG, ~25% faster boot here), MEM (MB), DIRECT=1 to use -kernel/-initrd instead
# of the disk's bootloader. Guest disk writes go to a throw-away overlay; disk.qcow2 stays pristine.
D=$(cd "$(dirname "$0")" && pwd); PORT=${PORT:-2222}; SHARE=${SHARE:-$D/share}; mkdir -p "$SHARE"
SMP=${SMP:-2}; MEM=${MEM:-512}
ARGS=(-accel tcg -machine q35 -cpu max -smp "$SMP" -m "$MEM" -nographic -nodefaults
  -serial file:"$D/serial.log" -qmp unix:"$D/qmp.sock",server=on,wait=off -no-reboot)
if [ -f "$D/disk.qcow2" ]; then   # the system disk must come first (vda) and carry bootindex=0
  qemu-img create -q -f qcow2 -F qcow2 -b "$D/disk.qcow2" "$D/overlay.qcow2"
  ARGS+=(-drive if=none,id=d0,file="$D/overlay.qcow2",format=qcow2)
  [ -f "$D/no-bootloader" ] && DIRECT=1   # image built with BOOTLOADER=none
  if [ "${DIRECT:-0}" = 1 ]; then   # -kernel takes bootindex 0 itself ("bootindex 0 has already been used")
    ARGS+=(-device virtio-blk-pci,drive=d0 -kernel "$D/vmlinuz" -initrd "$D/initrd.img" -append "$(cat "$D/cmdline")")
  else
    ARGS+=(-device virtio-blk-pci,drive=d0,bootindex=0)
  fi
else
  ARGS+=(-kernel "$D/vmlinuz" -initrd "$D/initrd.img" -append "$(cat "$D/cmdline")")
fi
ARGS+=(-drive if=none,id=seed,file="$D/seed.iso",format=raw,readonly=on -device virtio-blk-pci,drive=seed
  -netdev user,id=n0,restrict=on,hostfwd=tcp:127.0.0.1:"$PORT"-:22 -device virtio-net-pci,netdev=n0
  -fsdev local,id=fs0,path="$SHARE",security_model=mapped-xattr -device virtio-9p-pci,fsdev=fs0,mount_tag=hostshare)
exec qemu-system-x86_64 "${ARGS[@]}"
# ssh -i "$D/id_ed25519" -p $PORT -o StrictHostKeyChecking=accept-new -o UserKnownHostsFile="$D/known_hosts" root@127.0.0.1
EOF
  chmod +x "$OUT/run.sh"
}

# =============================================================================================
build_full() {
  ensure debootstrap debootstrap mkfs.ext4 e2fsprogs
  local MIRROR=${MIRROR:-$(host_mirror)} SUITE=${SUITE:-bookworm} SIZE=${SIZE:-2G}
  [ -n "$MIRROR" ] || { echo "no Debian mirror found in apt sources; set MIRROR" >&2; exit 1; }
  local BOOTLOADER=${BOOTLOADER:-extlinux}
  local PKGS="systemd-sysv udev kmod iproute2 dbus openssh-server python3 cloud-init monit unbound
              dns-root-data yggdrasil sudo doas procps linux-image-amd64 ${EXTRA_PKGS:-}"  # yggdrasil: see YGG
  local R=$OUT/rootfs t0 t1 m
  mkdir -p "$OUT"
  for m in dev/pts dev proc sys; do mountpoint -q "$R/$m" 2>/dev/null && umount -l "$R/$m"; done
  rm -rf "$R"; mkdir -p "$R"
  t0=$(date +%s)

  # Stage 1: minimal base. Do NOT put cloud-init into --include: debootstrap's resolver ignores
  # virtual packages and python3-cryptography (-> python3-cffi-backend-api-min) fails to configure.
  debootstrap --variant=minbase --include=apt-utils,ca-certificates "$SUITE" "$R" "$MIRROR"

  # Stage 2: apt inside a chroot; policy-rc.d stops maintainer scripts starting daemons in it.
  printf '#!/bin/sh\nexit 101\n' > "$R/usr/sbin/policy-rc.d"; chmod +x "$R/usr/sbin/policy-rc.d"
  mount -t proc proc "$R/proc"; mount -t sysfs sys "$R/sys"
  mount --bind /dev "$R/dev"; mount --bind /dev/pts "$R/dev/pts"
  trap 'for m in dev/pts dev proc sys; do umount -l "'"$R"'/$m" 2>/dev/null || true; done' EXIT
  printf 'APT::Install-Recommends "false";\nAPT::Install-Suggests "false";\nAcquire::Languages "none";\n' \
    > "$R/etc/apt/apt.conf.d/90test-guest"
  # Small initramfs: only the modules a QEMU virtio guest needs (deps are added automatically).
  mkdir -p "$R/etc/initramfs-tools/conf.d"
  echo 'MODULES=list' > "$R/etc/initramfs-tools/conf.d/modules-list"
  printf '%s\n' virtio_pci virtio_blk virtio_net ext4 9pnet_virtio 9p > "$R/etc/initramfs-tools/modules"
  # yggdrasil: bookworm has 0.4.7, bookworm-backports 0.5.12. 0.4 and 0.5 nodes cannot peer, and
  # the config keys differ, so pick the series the real target runs (YGG=backports|bookworm).
  if [ "${YGG:-backports}" = backports ]; then
    echo "deb $MIRROR $SUITE-backports main" > "$R/etc/apt/sources.list.d/backports.list"
  fi
  chroot "$R" env DEBIAN_FRONTEND=noninteractive apt-get update -q
  # shellcheck disable=SC2086
  chroot "$R" env DEBIAN_FRONTEND=noninteractive apt-get install -y -q ${PKGS/yggdrasil/}
  if [ "${YGG:-backports}" = backports ]; then
    chroot "$R" env DEBIAN_FRONTEND=noninteractive apt-get install -y -q -t "$SUITE-backports" yggdrasil
  else
    chroot "$R" env DEBIAN_FRONTEND=noninteractive apt-get install -y -q yggdrasil
  fi
  chroot "$R" apt-get clean
  t1=$(date +%s); echo "== packages installed in $((t1-t0)) s"

  # --- guest configuration ---
  echo testguest > "$R/etc/hostname"
  printf '127.0.0.1 localhost\n127.0.1.1 testguest\n' > "$R/etc/hosts"
  printf 'LABEL=rootfs / ext4 defaults,noatime 0 1\n' > "$R/etc/fstab"
  # DHCP from QEMU user networking (guest 10.0.2.15, gateway 10.0.2.2, DNS 10.0.2.3)
  mkdir -p "$R/etc/systemd/network"
  printf '[Match]\nName=en* eth*\n[Network]\nDHCP=ipv4\nLinkLocalAddressing=no\nIPv6AcceptRA=no\n' \
    > "$R/etc/systemd/network/10-dhcp.network"
  chroot "$R" systemctl enable systemd-networkd.service
  chroot "$R" systemctl mask systemd-networkd-wait-online.service
  # Nothing that phones out, nothing slow and useless under TCG (e2scrub_reap alone cost 23 s).
  chroot "$R" systemctl mask apt-daily.timer apt-daily-upgrade.timer e2scrub_all.timer fstrim.timer \
    e2scrub_reap.service
  # cloud-init: NoCloud only (never probes metadata IPs), network left to networkd, and a short
  # module list: each module costs seconds under TCG. The stock list also fails in cc_locale
  # because 'locales' is not installed.
  cat > "$R/etc/cloud/cloud.cfg.d/90-test-guest.cfg" <<'EOF'
datasource_list: [ NoCloud, None ]
network: {config: disabled}
locale: false
ssh_genkeytypes: [ed25519]
cloud_init_modules: [seed_random, bootcmd, write_files, set_hostname, update_hostname, update_etc_hosts, users_groups, ssh]
cloud_config_modules: [runcmd]
cloud_final_modules: [scripts_per_once, scripts_per_boot, scripts_per_instance, scripts_user, final_message]
EOF
  mkdir -p "$R/etc/ssh/sshd_config.d"
  printf 'PermitRootLogin prohibit-password\nPasswordAuthentication no\nUseDNS no\n' \
    > "$R/etc/ssh/sshd_config.d/90-test-guest.conf"
  rm -f "$R"/etc/ssh/ssh_host_*            # cloud-init (cc_ssh) generates fresh host keys per instance
  chroot "$R" systemctl disable yggdrasil.service 2>/dev/null || true   # configured later by tests
  chroot "$R" systemctl enable serial-getty@ttyS0.service
  chroot "$R" passwd -d root >/dev/null    # serial console login only; sshd refuses empty passwords
  # jrun's seed (made for FreeBSD) puts its user in group wheel and runs root work through doas:
  # give the Debian guest both, with FreeBSD's rule (Debian's doas reads /etc/doas.conf).
  chroot "$R" groupadd -f wheel
  printf 'permit nopass :wheel\n' > "$R/etc/doas.conf"; chmod 0400 "$R/etc/doas.conf"
  : > "$R/etc/machine-id"
  rm -f "$R/usr/sbin/policy-rc.d"

  # Drop kernel modules a QEMU guest never loads (~395 MB -> ~90 MB) and docs.
  local KV KM
  KV=$(basename "$(ls -d "$R"/lib/modules/*)"); KM=$R/lib/modules/$KV/kernel
  rm -rf "$KM"/sound "$KM"/drivers/{gpu,media,net/wireless,net/ethernet,infiniband,staging,bluetooth,iio,usb,hwmon,isdn,mtd,thunderbolt,platform,video,nfc,misc,comedi,power,input/touchscreen,input/joystick,input/misc,leds,mmc,pinctrl,gnss,fpga,spi,i2c,edac,hid} \
         "$KM"/net/{wireless,mac80211,bluetooth,nfc}
  chroot "$R" depmod "$KV"
  rm -rf "$R"/usr/share/doc/* "$R"/usr/share/man/* "$R"/usr/share/locale/* "$R"/var/lib/apt/lists/*
  for m in dev/pts dev proc sys; do umount -l "$R/$m" 2>/dev/null || true; done
  trap - EXIT

  # --- kernel/initrd for direct boot ---
  cp "$R/boot/vmlinuz-$KV" "$OUT/vmlinuz"; cp "$R/boot/initrd.img-$KV" "$OUT/initrd.img"
  echo "root=LABEL=rootfs rw console=ttyS0 quiet" > "$OUT/cmdline"

  # --- filesystem image: ext4 on the whole disk (no partition table) ---
  # mkfs.ext4 -d copies a directory into the new fs without mounting. ^64bit,^metadata_csum keep
  # it readable by syslinux/extlinux.
  rm -f "$OUT/disk.raw" "$OUT/disk.qcow2"
  truncate -s "$SIZE" "$OUT/disk.raw"
  mkfs.ext4 -q -F -L rootfs -O ^64bit,^metadata_csum -d "$R" "$OUT/disk.raw"
  if [ "$BOOTLOADER" = extlinux ]; then
    # extlinux in "superfloppy" layout: its boot sector goes into the fs's sector 0, which SeaBIOS
    # executes as the MBR. Needs a loop device (works as root).
    ensure extlinux extlinux
    local L MNT; MNT=$(mktemp -d)
    L=$(losetup -f --show "$OUT/disk.raw"); mount "$L" "$MNT"
    mkdir -p "$MNT/boot/syslinux"
    cat > "$MNT/boot/syslinux/syslinux.cfg" <<EOF
SERIAL 0 115200
DEFAULT linux
TIMEOUT 0
LABEL linux
  LINUX /boot/vmlinuz-$KV
  INITRD /boot/initrd.img-$KV
  APPEND root=LABEL=rootfs rw console=ttyS0 quiet
EOF
    extlinux --install "$MNT/boot/syslinux" 2>/dev/null
    umount "$MNT"; losetup -d "$L"; rmdir "$MNT"
  fi
  rm -f "$OUT/no-bootloader"; [ "$BOOTLOADER" = extlinux ] || touch "$OUT/no-bootloader"
  if [ "${XZ:-0}" = 1 ]; then xz -T0 -3 -k -f "$OUT/disk.raw"; fi
  qemu-img convert -c -O qcow2 "$OUT/disk.raw" "$OUT/disk.qcow2"
  # KEEP_RAW=1 keeps disk.raw (sparse): jrun lays its qcow2 overlay over a raw base image.
  [ "${KEEP_RAW:-0}" = 1 ] || rm -f "$OUT/disk.raw"
  make_seed; write_run
  echo "== full guest built in $(( $(date +%s) - t0 )) s"; ls -la "$OUT"
}

# =============================================================================================
build_tiny() {
  # Uses the HOST's Debian kernel + modules (linux-image-amd64), busybox-static and dropbear-bin.
  ensure cpio cpio dropbear dropbear-bin modprobe kmod
  # /bin/busybox must be the static build (copied into the initramfs without libraries)
  if [ ! -x /bin/busybox ] || ldd /bin/busybox >/dev/null 2>&1; then install_pkgs busybox-static; fi
  ls /boot/vmlinuz-* >/dev/null 2>&1 || install_pkgs linux-image-amd64
  local K R t0; t0=$(date +%s)
  K=${KVER:-$(find /boot -maxdepth 1 -name 'vmlinuz-*' -printf '%f\n' | sed 's/^vmlinuz-//' | sort -V | tail -1)}
  R=$OUT/root; rm -rf "$R"; mkdir -p "$OUT"
  mkdir -p "$R"/{bin,sbin,etc,proc,sys,dev,tmp,root/.ssh,mnt,run,var/log,lib/modules,etc/dropbear,etc/acpi/PWRF}
  cp /bin/busybox "$R/bin/"
  for a in $(/bin/busybox --list); do [ "$a" = busybox ] || ln -sf busybox "$R/bin/$a"; done
  local b l f m
  for b in /usr/sbin/dropbear /usr/bin/dropbearkey; do        # dropbear + its shared libraries
    install -D "$b" "$R$b"
    for l in $(ldd "$b" | awk '/=>/{print $3} /ld-linux/{print $1}'); do install -D "$l" "$R$l"; done
  done
  # All needed kernel modules are =m in Debian's config: copy them with their dependencies.
  for m in virtio_pci virtio_net virtio_blk 9pnet_virtio 9p isofs evdev button virtio_rng tun; do
    modprobe -S "$K" --show-depends "$m"
  done | awk '$1=="insmod"{print $2}' | awk '!s[$0]++' | while read -r f; do install -D -m644 "$f" "$R$f"; done
  cp /lib/modules/"$K"/modules.{order,builtin,builtin.modinfo} "$R/lib/modules/$K/" 2>/dev/null || true
  depmod -b "$R" "$K"
  dropbearkey -t ed25519 -f "$R/etc/dropbear/dropbear_ed25519_host_key" >/dev/null 2>&1
  echo 'root:x:0:0:root:/root:/bin/sh' > "$R/etc/passwd"
  echo 'root::19000:0:99999:7:::' > "$R/etc/shadow"
  echo '/bin/sh' > "$R/etc/shells"
  # ACPI power button (QMP system_powerdown) -> busybox acpid runs /etc/acpi/PWRF/00000080.
  # PID 1 is a shell, so plain 'poweroff' (which signals init) does nothing: use -f.
  printf '#!/bin/sh\nsync; exec /bin/poweroff -f\n' > "$R/etc/acpi/PWRF/00000080"
  chmod +x "$R/etc/acpi/PWRF/00000080"
  cat > "$R/init" <<'EOF'
#!/bin/sh
export PATH=/bin:/sbin:/usr/bin:/usr/sbin
mount -t proc proc /proc; mount -t sysfs sys /sys; mount -t devtmpfs dev /dev
mkdir -p /dev/pts; mount -t devpts devpts /dev/pts; mount -t tmpfs tmpfs /tmp; mount -t tmpfs tmpfs /run
for m in virtio_pci virtio_net virtio_blk 9pnet_virtio 9p isofs evdev button virtio_rng tun; do modprobe $m; done
hostname tiny
ip link set lo up; ip link set eth0 up
ip addr add 10.0.2.15/24 dev eth0; ip route add default via 10.0.2.2
# mini-NoCloud: ISO labelled cidata -> ssh keys ("- ssh-..." lines) and local-hostname
d=$(findfs LABEL=cidata 2>/dev/null)
if [ -n "$d" ]; then
  mkdir -p /run/cidata
  if mount -t iso9660 -o ro "$d" /run/cidata; then
    sed -n 's/^[[:space:]]*-[[:space:]]*\(ssh-[a-z0-9-]* .*\)$/\1/p' /run/cidata/user-data >> /root/.ssh/authorized_keys
    h=$(sed -n 's/^local-hostname:[[:space:]]*//p' /run/cidata/meta-data); [ -n "$h" ] && hostname "$h"
    echo "cidata: seeded from $d"
  fi
fi
chmod 700 /root/.ssh; chmod 600 /root/.ssh/authorized_keys 2>/dev/null
acpid -c /etc/acpi
dropbear -R -B -s -p 22
echo "TINY-READY $(cut -d' ' -f1 /proc/uptime)"
exec setsid cttyhack /bin/sh
EOF
  chmod +x "$R/init"
  (cd "$R" && find . | cpio -o -H newc --quiet | gzip -1) > "$OUT/initrd.img"
  cp "/boot/vmlinuz-$K" "$OUT/vmlinuz"
  echo "console=ttyS0 quiet panic=-1" > "$OUT/cmdline"
  rm -f "$OUT/disk.qcow2"
  make_seed; write_run
  echo "== tiny guest built in $(( $(date +%s) - t0 )) s"; ls -la "$OUT"
}

# =============================================================================================
selftest() {
  local PORT=${PORT:-2290} S t0 t1 ok=0 qpid
  # A fresh guest has a fresh host key: pin it on first contact in a throw-away file.
  rm -f "$OUT/selftest_known_hosts"
  S=(ssh -q -o BatchMode=yes -o StrictHostKeyChecking=accept-new -o UserKnownHostsFile="$OUT/selftest_known_hosts" -o ConnectTimeout=3
     -i "$OUT/id_ed25519" -p "$PORT" root@127.0.0.1)
  mkdir -p "$OUT/share"; echo "from-host $$" > "$OUT/share/hello.txt"; rm -f "$OUT/qmp.sock" "$OUT/share/from-guest.txt"
  t0=$(date +%s.%N)
  PORT=$PORT "$OUT/run.sh" > "$OUT/qemu.log" 2>&1 & qpid=$!
  for _ in $(seq 1 300); do
    "${S[@]}" true 2>/dev/null && { ok=1; break; }
    kill -0 $qpid 2>/dev/null || break; sleep 1
  done
  t1=$(date +%s.%N)
  [ $ok = 1 ] || { echo "FAIL: no ssh (see $OUT/serial.log, $OUT/qemu.log)"; kill $qpid 2>/dev/null; return 1; }
  echo "PASS ssh via hostfwd + key from cidata seed: ready after $(echo "$t1 - $t0" | bc) s"
  "${S[@]}" 'command -v cloud-init >/dev/null && cloud-init status --wait | tail -1; hostname;
    mkdir -p /mnt/host && mount -t 9p -o trans=virtio,version=9p2000.L hostshare /mnt/host &&
    cat /mnt/host/hello.txt && echo ok > /mnt/host/from-guest.txt'
  [ -f "$OUT/share/from-guest.txt" ] && echo "PASS virtio-9p read/write" || echo "FAIL virtio-9p"
  t0=$(date +%s.%N)
  python3 - "$OUT/qmp.sock" <<'EOF'
import json, socket, sys
s = socket.socket(socket.AF_UNIX); s.connect(sys.argv[1]); f = s.makefile('rw')
json.loads(f.readline())                                   # greeting
for c in ("qmp_capabilities", "system_powerdown"):
    f.write(json.dumps({"execute": c}) + "\n"); f.flush()
    while "return" not in (r := json.loads(f.readline())): pass
while (line := f.readline()):
    e = json.loads(line)
    if e.get("event") == "SHUTDOWN": print("QMP SHUTDOWN event:", e["data"]); break
EOF
  wait $qpid; echo "PASS QMP system_powerdown -> guest shut down, qemu exited $? after $(echo "$(date +%s.%N) - $t0" | bc) s"
}

case "$MODE" in
  full) build_full ;;
  tiny) build_tiny ;;
  selftest) selftest ;;
  *) echo "unknown mode $MODE (full|tiny|selftest)" >&2; exit 2 ;;
esac

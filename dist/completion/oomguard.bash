# bash completion for oomguard.  Commands and options are read from `oomguard --help` and
# `oomguard COMMAND --help` when first needed, so every option the binary has is offered.
# Installed as /usr/share/bash-completion/completions/oomguard.

# Options named in a help text: the usage lines and the lines that start with an option.
# A daemon switch (an option line without an argument) also takes --no-NAME, except the
# flag-only ones named below (tests/integration/completion.sh holds this list to the binary).
_oomguard_help_options()
{
	"$1" ${2:+"$2"} --help 2>/dev/null | awk '
		{
			line = $0
			if (line ~ /^ +-/) {          # an option line: its option part ends at two blanks
				sub(/^ +/, "", line)
				split(line, parts, /   */)
				if (cmd == "daemon" && parts[1] ~ /^(-., )?--[a-z0-9-]+$/) {
					name = parts[1]; sub(/^.*--/, "", name)
					if (name !~ /^(help|check-config|syslog|ignore-positive-adj|priority)$/) print "--no-" name
				}
				while (match(parts[1], /(^|[ ,])-[A-Za-z]([ ,]|$)/)) {
					opt = substr(parts[1], RSTART, RLENGTH); gsub(/[ ,]/, "", opt); print opt
					parts[1] = substr(parts[1], RSTART + RLENGTH - 1)
				}
				line = $0
			}
			# long options anywhere: option lines, usage lines, aliases named in the text
			while (match(line, /(^|[[ ,|(`])--[a-z][a-z0-9-]*[a-z0-9]([^-A-Za-z0-9]|$)/)) {
				opt = substr(line, RSTART, RLENGTH); sub(/^[^-]/, "", opt); sub(/[^a-z0-9]$/, "", opt)
				print opt
				line = substr(line, RSTART + RLENGTH - 1)
			}
		}' cmd="$2" | sort -u
}

_oomguard_commands()
{
	"$1" --help 2>/dev/null | awk '/^Commands:/ {on = 1; next} on && /^  [a-z]/ {print $1} on && /^$/ {on = 0}'
}

_oomguard()
{
	local cur prev words cword
	_init_completion 2>/dev/null || {
		cur=${COMP_WORDS[COMP_CWORD]}; prev=${COMP_WORDS[COMP_CWORD-1]}
		words=("${COMP_WORDS[@]}"); cword=$COMP_CWORD
	}
	local bin=${words[0]} i cmd=""
	for ((i = 1; i < cword; i++)); do
		case ${words[i]} in
		--root|--color|--colour) ((i++)) ;;
		-*) ;;
		*) cmd=${words[i]}; break ;;
		esac
	done

	case $prev in
	--root|--config|--event-log|--snapshot-dir|--metrics-textfile) COMPREPLY=($(compgen -f -- "$cur")); return ;;
	--color|--colour) COMPREPLY=($(compgen -W "auto always never" -- "$cur")); return ;;
	--sort|-s) [ "$cmd" = top ] && { COMPREPLY=($(compgen -W "oom_score rss swap adj pid name" -- "$cur")); return; } ;;
	--kill-scope) COMPREPLY=($(compgen -W "process group cgroup" -- "$cur")); return ;;
	--log) COMPREPLY=($(compgen -W "auto journal syslog stderr" -- "$cur")); return ;;
	esac

	if [ -z "$cmd" ]; then
		if [[ $cur == -* ]]; then
			COMPREPLY=($(compgen -W "$(_oomguard_help_options "$bin")" -- "$cur"))
		else
			COMPREPLY=($(compgen -W "$(_oomguard_commands "$bin") help" -- "$cur"))
		fi
		return
	fi
	if [[ $cur == -* ]]; then
		COMPREPLY=($(compgen -W "$(_oomguard_help_options "$bin" "$cmd")" -- "$cur"))
	elif [ "$cmd" = events ] || [ "$cmd" = explain ]; then
		COMPREPLY=($(compgen -f -- "$cur"))
	fi
}
complete -F _oomguard oomguard
